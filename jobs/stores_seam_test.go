package jobs

import (
	"reflect"
	"testing"
)

// Another database must be able to implement every store concern. Every
// method of the runner's interfaces may name store's row and value types,
// but none may return a concrete SQLite handle: QualityStore.NewQualityWriter
// returns *store.QualityWriter, whose fields (the *store.Store among them)
// are unexported, so no other implementation can supply one.
func TestStoreConcernsReturnNoSQLiteHandles(t *testing.T) {
	st := reflect.TypeOf((*Store)(nil)).Elem()
	for i := range st.NumMethod() {
		m := st.Method(i)
		for o := range m.Type.NumOut() {
			out := m.Type.Out(o)
			if out.Kind() == reflect.Pointer && out.Elem().Kind() == reflect.Struct && out.Elem().PkgPath() == "github.com/stewardhq/steward/internal/store" {
				for f := range out.Elem().NumField() {
					if !out.Elem().Field(f).IsExported() {
						t.Errorf("%s returns %s, which has unexported state (%s): only the SQLite store can make one", m.Name, out, out.Elem().Field(f).Name)
						break
					}
				}
			}
		}
	}
}
