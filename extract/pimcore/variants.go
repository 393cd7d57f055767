package pimcore

import (
	"encoding/json"
	"errors"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/transform"
)

// errModel marks an object with variant children: a product model, not a
// product. Its values reach its variants by inheritance (the Datahub serves
// a variant with the values it inherits), so it is left out of the products,
// as Akeneo's /products leaves its product models out. It is never
// quarantined: nothing is wrong with it.
var errModel = errors.New("the object is a product model (it has variants)")

// tree reads the parent and variant children of a class allowing variants:
// a variant's Parent is its parent object's key (the model's code).
func (m mapper) tree(n map[string]json.RawMessage, p *transform.Product) error {
	var kids []json.RawMessage
	if raw, ok, err := present(n, api.VariantsAlias); err != nil {
		return err
	} else if ok && json.Unmarshal(raw, &kids) != nil {
		return fmt.Errorf("field children: %s is not a list", clip(raw))
	}
	if len(kids) > 0 {
		return errModel
	}
	raw, ok, err := present(n, api.ParentAlias)
	if err != nil || !ok {
		return err
	}
	var parent struct {
		Key *string `json:"key"`
	}
	if err := json.Unmarshal(raw, &parent); err != nil {
		return fmt.Errorf("field parent: %s is not an object", clip(raw))
	}
	if parent.Key != nil {
		// a folder parent answers {} (the fragment on the class does not apply)
		p.Parent = *parent.Key
	}
	return nil
}
