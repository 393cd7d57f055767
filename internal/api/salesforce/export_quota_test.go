package salesforce

// Take exposes the guard's check of one request to the package's tests.
func Take(q *Quota, what string) error { return q.take(what) }
