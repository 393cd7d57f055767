package dataverse

// WithOwned returns a copy of l owning fields, for tests.
func WithOwned(l *Loader, fields []string) *Loader {
	c := &Loader{api: l.api, settings: l.settings, table: l.table, dataType: l.dataType, owned: fields, log: l.log}
	return c
}
