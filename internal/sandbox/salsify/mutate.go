package salsify

// Touch bumps a live product's salsify:updated_at to now and its version, as
// an edit in the Salsify app would, without changing a value; tests call it
// between pages to move a product inside a filtered listing. It reports
// whether the product exists.
func (s *Server) Touch(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.live(id)
	if !ok {
		return false
	}
	p := s.get(i).clone()
	p.Updated, p.Version = s.nowLocked(), p.Version+1
	s.store(i, p)
	return true
}

// Delete destroys a live product as DELETE /products/{id} does: GET answers
// 404 from then on, and listings keep it with salsify:destroyed_at (also its
// new salsify:updated_at). It reports whether the product existed.
func (s *Server) Delete(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.live(id)
	if !ok {
		return false
	}
	p := s.get(i).clone()
	now := s.nowLocked()
	p.Updated, p.Destroyed, p.Version = now, now, p.Version+1
	s.store(i, p)
	return true
}

// SetPageHook sets a function called with the page number after each listing
// page is computed and before it is sent (nil removes it): a test mutates the
// catalog there to act "between pages" of a client it does not drive itself.
// The hook must not call back into the server over HTTP.
func (s *Server) SetPageHook(hook func(page int)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onPage = hook
}

// Value returns a property's value of a live product (string, json.Number,
// bool or []any); tests use it to inspect the PIM's state.
func (s *Server) Value(id, prop string) (any, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.live(id)
	if !ok {
		return nil, false
	}
	v, ok := s.get(i).Props[prop]
	return v, ok
}

// Plant sets a property of a live product without the API's validation (nil
// removes it), as data that entered Salsify some other way (an import); the
// update time and version move as for an edit. It reports whether the
// product exists.
func (s *Server) Plant(id, prop string, value any) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.live(id)
	if !ok {
		return false
	}
	p := s.get(i).clone()
	if value == nil {
		delete(p.Props, prop)
	} else {
		p.Props[prop] = value
	}
	p.Updated, p.Version = s.nowLocked(), p.Version+1
	s.store(i, p)
	return true
}

// Count returns how many products the organization holds, destroyed ones included.
func (s *Server) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.total
}
