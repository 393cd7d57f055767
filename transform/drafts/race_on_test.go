//go:build race

package drafts

// raceDetector is true in a -race build, where the catalog-wide tests take
// every tenth product: the race run looks for data races, and the plain run
// checks every product.
const raceDetector = true
