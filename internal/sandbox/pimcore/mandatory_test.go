package pimcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// newStrict serves a catalog of n products as objects of class.
func newStrict(t *testing.T, n int, class Class) *fixture {
	t.Helper()
	cat := catalog.New(n, 7)
	srv, err := NewWithClass(cat, testKey, class)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetClock(func() time.Time { return testNow })
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &fixture{cat: cat, srv: srv, url: hs.URL + EndpointPrefix + Configuration}
}

// mandatoryClass is ProductClass with sku and image mandatory (the sandbox's
// products have no image).
func mandatoryClass() Class {
	c := ProductClass()
	for k := range c.Fields {
		if c.Fields[k].Name == "sku" || c.Fields[k].Name == "image" {
			c.Fields[k].Mandatory = true
		}
	}
	return c
}

// update runs one update<Class> under alias u and decodes its result; the
// errors come back beside it.
func (f *fixture) update(t *testing.T, args string) (result, reply) {
	t.Helper()
	r := f.gql(t, `mutation { u: updateProduct(`+args+`) { success message output { id price } } }`, nil)
	var res result
	if err := decodeRaw(r.Data["u"], &res); err != nil {
		t.Fatalf("%s: %s: %v", args, r.Data["u"], err)
	}
	return res, r
}

// Pimcore refuses to save a published object whose mandatory field is empty
// (Concrete::update, Data::checkValidity) as the Datahub answers any failed
// save: success false, the validation text, output null with the getter's
// error. omitMandatoryCheck: true saves it; false checks it as no argument
// does.
func TestUpdateMandatoryField(t *testing.T) {
	f := newStrict(t, 3, mandatoryClass())
	const refusal = "Validation failed: Empty mandatory field [ image ]"
	for _, args := range []string{`id: 1, input: {price: 5.5}`, `id: 1, omitMandatoryCheck: false, input: {price: 5.5}`} {
		res, r := f.update(t, args)
		if res.Success || res.Message != refusal || res.Output != nil {
			t.Errorf("%s: %+v, want %q", args, res, refusal)
		}
		if len(r.Errors) != 1 || r.Errors[0].Message != "object id or fullpath expected" {
			t.Errorf("%s: errors %+v, want the getter's error on output", args, r.Errors)
		}
	}
	if v, _ := f.srv.Value(1, "price", ""); v != f.cat.PIM(0).Price || len(f.srv.Writes()) != 0 {
		t.Fatalf("a refused save changed the object: price %v, writes %v", v, f.srv.Writes())
	}
	res, _ := f.update(t, `id: 1, omitMandatoryCheck: true, input: {price: 5.5}`)
	if !res.Success || res.Message != "object 1 updated" || fmt.Sprint(res.Output["price"]) != "5.5" {
		t.Fatalf("omitMandatoryCheck: true: %+v", res)
	}
	// Every failure at once, in the class's order, lengths beside mandatory.
	long := strings.Repeat("8", 191)
	res, _ = f.update(t, `id: 2, input: {sku: "", ean: "`+long+`"}`)
	if want := "Validation failed: Empty mandatory field [ sku ] / Value in field [ ean ] is longer than 190 characters / Empty mandatory field [ image ]"; res.Message != want {
		t.Errorf("several failures: %q, want %q", res.Message, want)
	}
}

// An unpublished object is not checked unless the mutation asks with
// omitMandatoryCheck: false (Concrete::getOmitMandatoryCheck defaults to
// !published; the resolver sets it only when the argument is given).
func TestUpdateMandatoryUnpublished(t *testing.T) {
	f := newStrict(t, 3, mandatoryClass())
	f.srv.Unpublish(2)
	if res, _ := f.update(t, `id: 2, input: {price: 7}`); !res.Success {
		t.Errorf("unpublished, no argument: %+v", res)
	}
	if res, _ := f.update(t, `id: 2, omitMandatoryCheck: false, input: {price: 8}`); res.Success || res.Message != "Validation failed: Empty mandatory field [ image ]" {
		t.Errorf("unpublished, omitMandatoryCheck: false: %+v", res)
	}
	if v, _ := f.srv.Value(2, "price", ""); v != "7.00" {
		t.Errorf("price %v, want the first save's 7.00", v)
	}
}

// In a class allowing inheritance a variant's empty field is checked again
// with its parent's value, and a field still empty fails with
// " fieldname=<name>" appended; a localized one carries the context
// "[ localizedfields-<lang> ]" for each required language (all the valid
// ones). The realistic profile's print descriptions have no French, so its
// objects cannot be saved without omitMandatoryCheck until a parent has one.
func TestUpdateMandatoryInherited(t *testing.T) {
	f := newRealistic(t, 60)
	i := firstVariant(t, f.cat)
	v := f.srv.planted(i)
	if len(v.Local["name"]) != 0 || v.Text["image"] == "" || v.ParentID == 0 {
		t.Fatalf("test catalog: variant %d should inherit its names and hold its image: %+v", i+1, v)
	}
	args := fmt.Sprintf(`id: %d, input: {price: 9.5}`, i+1)
	want := "Validation failed: Empty mandatory field [ descriptionPrint ] fieldname=descriptionPrint[ localizedfields-fr ]"
	if res, _ := f.update(t, args); res.Success || res.Message != want {
		t.Fatalf("variant: %+v, want %q", res, want)
	}
	model := fmt.Sprintf(`id: %d, defaultLanguage: "fr", omitMandatoryCheck: true, input: {descriptionPrint: "Pour l'impression"}`, v.ParentID)
	if res, _ := f.update(t, model); !res.Success {
		t.Fatalf("model: %+v", res)
	}
	if res, _ := f.update(t, args); !res.Success {
		t.Errorf("variant after its model got a French print description: %+v", res)
	}
}

// Omitting the mandatory check skips Localizedfields::checkValidity whole,
// lengths included: the database refuses a localized input longer than
// its varchar column instead, and the Datahub answers that exception's text.
func TestUpdateLocalizedTooLongForColumn(t *testing.T) {
	f := newFixture(t, 3)
	long := strings.Repeat("n", 191)
	res, _ := f.update(t, `id: 1, omitMandatoryCheck: true, input: {name: "`+long+`"}`)
	if want := "An exception occurred while executing a query: SQLSTATE[22001]: String data, right truncated: 1406 Data too long for column 'name' at row 1"; res.Success || res.Message != want {
		t.Errorf("omitted check: %+v, want %q", res, want)
	}
	res, _ = f.update(t, `id: 1, input: {name: "`+long+`"}`)
	if want := "Validation failed: Value in field [ name ] is longer than 190 characters[ localizedfields-en ]"; res.Success || res.Message != want {
		t.Errorf("checked: %+v, want %q", res, want)
	}
	if v, _ := f.srv.Value(1, "name", "en"); v != f.cat.PIM(0).Name {
		t.Errorf("name changed to %v", v)
	}
}

// decodeRaw decodes a data field keeping numbers as json.Number.
func decodeRaw(raw json.RawMessage, out any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(out)
}
