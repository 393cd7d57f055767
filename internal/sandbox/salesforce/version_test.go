package salesforce

import "testing"

// TestCurrentAPIVersionsServed: PROTOCOLS.md §2.1 — versions are vNN.0 and
// the REST guide shows up to v68.0, so an org answers v67.0 and v68.0; a
// version past the newest, or not vNN.0, is 404.
func TestCurrentAPIVersionsServed(t *testing.T) {
	f := start(t, 0)
	for _, ver := range []string{"v31.0", "v59.0", "v67.0", "v68.0"} {
		expect(t, f.call(t, "GET", "/services/data/"+ver+"/limits", ""), 200, "")
	}
	for _, ver := range []string{"v69.0", "v30.0", "v59.1", "v059.0", "59.0"} {
		if a := f.call(t, "GET", "/services/data/"+ver+"/limits", ""); a.status != 404 {
			t.Errorf("%s: %d", ver, a.status)
		}
	}
	versions := decode[[]map[string]string](t, f.call(t, "GET", "/services/data", ""))
	if last := versions[len(versions)-1]; last["version"] != "68.0" || last["url"] != "/services/data/v68.0" {
		t.Errorf("newest version listed %v", last)
	}
}
