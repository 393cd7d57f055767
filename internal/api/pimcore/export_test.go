package pimcore

// DecodeListingFast is the one-pass listing decoder, for tests to tell
// which answers it reads itself.
var DecodeListingFast = decodeListingFast

// MemberFast and MemberLenient are member's two ways to find a member.
var (
	MemberFast    = memberFast
	MemberLenient = memberLenient
)
