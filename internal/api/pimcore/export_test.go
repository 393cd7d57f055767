package pimcore

// DecodeListingFast is the one-pass listing decoder, for tests to tell
// which answers it reads itself.
var DecodeListingFast = decodeListingFast
