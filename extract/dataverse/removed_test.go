package dataverse

import (
	"encoding/json"
	"testing"
)

// TestRemoved reads the documented removed-entity shapes: OData 4.0
// $deletedEntity (Dataverse) and OData 4.01 @removed (PROTOCOLS 4, 5.3).
func TestRemoved(t *testing.T) {
	for body, want := range map[string]string{
		`{"@odata.context":"https://o.crm.dynamics.com/api/data/v9.2/$metadata#accounts/$deletedEntity","id":"60c4e274-0d87-e711-80e5-00155db19e6d","reason":"deleted"}`: "60c4e274-0d87-e711-80e5-00155db19e6d",
		`{"@removed":{"reason":"deleted"},"@id":"https://o.crm.dynamics.com/api/data/v9.2/accounts(60c4e274-0d87-e711-80e5-00155db19e6d)"}`:                              "60c4e274-0d87-e711-80e5-00155db19e6d",
	} {
		var r row
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		if got, ok := removed(r); !ok || got != want {
			t.Errorf("%s: %q %v", body, got, ok)
		}
	}
	var r row
	_ = json.Unmarshal([]byte(`{"@odata.etag":"W/\"1\"","accountid":"x","name":"A"}`), &r)
	if _, ok := removed(r); ok {
		t.Error("a row read as removed")
	}
}
