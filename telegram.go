package cablesearch

// parseTelegram fills c from the transmission header (block 1, may be
// empty) and the body (block 2) of a telegram, both plain text with "\n"
// line ends. Metadata already set on c by the reader (ID, Created,
// Classification, Origin...) is kept; fields the text gives are added.
// When c.RawID is empty, the ID is derived from the text.
func parseTelegram(c *Cable, header, body string) {} // STUB: owned by the telegram work
