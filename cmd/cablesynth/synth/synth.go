// Package synth generates synthetic US diplomatic cables in the
// cables.csv format, recombined from real ones (see cmd/cablesynth).
package synth

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/cablesearch/cablesearch"
)

// RealTotal is the number of cables of the WikiLeaks release.
const RealTotal = 251287

// BodyTarget is the mean body size aimed at, in bytes: the release has
// about 1.65 GB of text in 251,287 cables.
const BodyTarget = 6500.0

// captionBytes is about what the banner, caption, REF lines and signer
// add to the paragraphs of a body.
const captionBytes = 330.0

// classWeights is the classification mix of the whole release (counts of
// the 251,287 cables as published with it).
var classWeights = []struct {
	class string
	level string
	n     int
}{
	{"UNCLASSIFIED", "UNCLASSIFIED", 75792},
	{"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED", 58095},
	{"CONFIDENTIAL", "CONFIDENTIAL", 97070},
	{"CONFIDENTIAL//NOFORN", "CONFIDENTIAL", 4678},
	{"SECRET", "SECRET", 11322},
	{"SECRET//NOFORN", "SECRET", 4330},
}

// template is what a synthetic cable borrows from one real cable: its
// caption (subject, tags, classifier, signer) and its paragraph count.
type template struct {
	subject      string
	tags         []string
	classifiedBy string
	signer       string
	paras        int
	level        string
}

// para is one real numbered paragraph.
type para struct {
	marking string
	text    string
}

// idMonth is one real cable ID with its month of creation.
type idMonth struct {
	id    string
	month int
}

// Pool holds what the generator draws from: real cable captions and
// paragraphs grouped by classification level and station, and the real
// IDs with their months.
type Pool struct {
	templates []template
	// byStation and byLevel index templates.
	byStation map[string][]int
	byLevel   map[string][]int
	// paras are the real paragraphs, and parasByLevel their indexes by
	// the level of the cable they come from.
	paras        []para
	parasByLevel map[string][]int
	// origins maps a station token to the origin label seen with it.
	origins map[string]string
	signers []string
	// scale multiplies the paragraph count of a template so that the
	// mean body is about BodyTarget bytes.
	scale float64
	ids   []idMonth
	// Cables is the number of real cables read.
	Cables int
}

// corpusPaths returns the inputs under a corpus folder: its html and csv
// subfolders when present (the shared corpus and testdata/sample have
// them), otherwise the path itself.
func corpusPaths(from string) []string {
	var paths []string
	for _, sub := range []string{"html", "csv"} {
		p := filepath.Join(from, sub)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		paths = []string{from}
	}
	return paths
}

// LoadPool reads the real cables under from (see corpusPaths) with the
// project's readers, in the reader's lexical order so that the pool, and
// so the output, depends only on the corpus and the seed. idsFile is a
// cable2month.csv (refid,month); when empty or missing, the IDs and
// months of the cables read are used instead. Unparsable records are
// skipped.
func LoadPool(from, idsFile string) (*Pool, error) {
	p := &Pool{
		byStation:    map[string][]int{},
		byLevel:      map[string][]int{},
		parasByLevel: map[string][]int{},
		origins:      map[string]string{},
	}
	seenSigner := map[string]bool{}
	seenID := map[string]bool{}
	var own []idMonth
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, corpusPaths(from)...)
	defer r.Close()
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *cablesearch.ParseError
		if errors.As(err, &pe) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if c.ID == "" || seenID[c.ID] {
			continue
		}
		seenID[c.ID] = true
		p.Cables++
		if !c.Created.IsZero() {
			own = append(own, idMonth{c.ID, int(c.Created.Month())})
		}
		_, station, _, _ := cablesearch.SplitID(c.ID)
		if station != "" && c.Origin != "" {
			if _, ok := p.origins[station]; !ok {
				p.origins[station] = c.Origin
			}
		}
		level := levelOf(c.Level)
		t := template{subject: c.Subject, tags: c.Tags, classifiedBy: c.ClassifiedBy, level: level}
		if len(c.Signers) > 0 {
			t.signer = c.Signers[0]
			if !seenSigner[t.signer] {
				seenSigner[t.signer] = true
				p.signers = append(p.signers, t.signer)
			}
		}
		for _, pg := range c.Paragraphs {
			text := strings.TrimSpace(pg.Text)
			if pg.N < 1 || len(text) < 20 {
				continue
			}
			t.paras++
			p.parasByLevel[level] = append(p.parasByLevel[level], len(p.paras))
			p.paras = append(p.paras, para{marking: pg.Marking, text: text})
		}
		if t.paras == 0 || t.subject == "" {
			continue
		}
		i := len(p.templates)
		p.templates = append(p.templates, t)
		if station != "" {
			p.byStation[station] = append(p.byStation[station], i)
		}
		p.byLevel[level] = append(p.byLevel[level], i)
	}
	if len(p.templates) == 0 || len(p.paras) == 0 {
		return nil, fmt.Errorf("no usable cables under %s", from)
	}
	if idsFile != "" {
		ids, err := readCable2Month(idsFile)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		p.ids = ids
	}
	if len(p.ids) == 0 {
		p.ids = own
	}
	if len(p.ids) == 0 {
		return nil, errors.New("no cable IDs to draw from")
	}
	var paraBytes, paraCount int
	for _, pg := range p.paras {
		paraBytes += len(pg.text) + 12
	}
	for _, t := range p.templates {
		paraCount += t.paras
	}
	mean := float64(paraCount) / float64(len(p.templates)) * float64(paraBytes) / float64(len(p.paras))
	p.scale = 1
	if mean > 0 {
		p.scale = max(0.2, min(5, (BodyTarget-captionBytes)/mean))
	}
	return p, nil
}

// levelOf folds a classification level into the three paragraph pools.
func levelOf(level string) string {
	switch level {
	case "SECRET", "TOP SECRET":
		return "SECRET"
	case "CONFIDENTIAL":
		return "CONFIDENTIAL"
	}
	return "UNCLASSIFIED"
}

// readCable2Month reads refid,month rows.
func readCable2Month(path string) ([]idMonth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.FieldsPerRecord = -1
	var ids []idMonth
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) < 2 {
			continue
		}
		m, err := strconv.Atoi(strings.TrimSpace(rec[1]))
		if err != nil || m < 1 || m > 12 {
			continue
		}
		id := cablesearch.CanonicalID(strings.TrimSpace(rec[0]))
		if _, _, _, ok := cablesearch.SplitID(id); !ok {
			continue
		}
		ids = append(ids, idMonth{id, m})
	}
	return ids, nil
}

// Paragraphs is the number of real paragraphs in the pool.
func (p *Pool) Paragraphs() int { return len(p.paras) }

// IDs is the number of real IDs drawn from.
func (p *Pool) IDs() int { return len(p.ids) }

// CorpusPaths returns the inputs LoadPool reads under a corpus folder.
func CorpusPaths(from string) []string { return corpusPaths(from) }

// Stats is the account of one Generate call.
type Stats struct {
	Cables    int
	BodyBytes int64
	Bytes     int64
}

// Generate writes n synthetic cables to w in the cables.csv format,
// deterministically from seed. IDs and months are the real ones, sampled
// without repetition in the order of the ID list while n ≤ len(ids);
// beyond that, further passes reuse the IDs with a pass number put in
// front of the serial. Output is streamed: memory does not grow with n.
func (p *Pool) Generate(w io.Writer, n int, seed uint64) (Stats, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := &countWriter{w: bw}
	g := &gen{p: p, rng: rng, w: cw}
	total := len(p.ids)
	row := 0
	for pass := 0; row < n; pass++ {
		want := min(n-row, total)
		left := want
		for i := 0; i < total && left > 0; i++ {
			// Selection sampling (Knuth's algorithm S): each ID is kept
			// with probability left/(total-i), which picks exactly want.
			if rng.IntN(total-i) >= left {
				continue
			}
			left--
			row++
			g.cable(row, i, pass)
			if g.err != nil {
				return g.stats(cw), g.err
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return g.stats(cw), err
	}
	return g.stats(cw), g.err
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (c *countWriter) WriteString(s string) {
	if c.err != nil {
		return
	}
	n, err := c.w.WriteString(s)
	c.n += int64(n)
	c.err = err
}

// gen is the state of one Generate call.
type gen struct {
	p     *Pool
	rng   *rand.Rand
	w     *countWriter
	err   error
	n     int
	body  int64
	buf   strings.Builder
	hdr   strings.Builder
	field strings.Builder
}

func (g *gen) stats(cw *countWriter) Stats {
	return Stats{Cables: g.n, BodyBytes: g.body, Bytes: cw.n}
}

// pick returns a random element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// cable writes one row for the ID at index i of the ID list.
func (g *gen) cable(row, i, pass int) {
	p, rng := g.p, g.rng
	im := p.ids[i]
	yy, station, serial, _ := cablesearch.SplitID(im.id)
	id := im.id
	if pass > 0 {
		serial = strconv.Itoa(pass) + fmt.Sprintf("%06s", serial)
		id = fmt.Sprintf("%02d%s%s", yy, station, serial)
	}
	year := 1900 + yy
	if yy <= 10 {
		year = 2000 + yy
	}
	day := 1 + rng.IntN(daysIn(year, im.month))
	hour, minute := rng.IntN(24), rng.IntN(60)

	// Classification from the release's mix.
	x := rng.IntN(RealTotal)
	cls := classWeights[len(classWeights)-1]
	for _, c := range classWeights {
		if x < c.n {
			cls = c
			break
		}
		x -= c.n
	}
	// Caption template: same station and level if possible.
	t := p.templates[g.templateFor(station, cls.level)]
	origin := p.origins[station]
	if origin == "" {
		origin = knownOrigins[station]
	}
	if origin == "" {
		origin = "Embassy " + titleStation(station)
	}
	refs := g.refs(i, station, yy)

	// Header.
	h := &g.hdr
	h.Reset()
	precedence := pick(rng, []string{"R", "R", "P", "O", "P"})
	dtg := fmt.Sprintf("%02d%02d%02dZ %s %02d", day, hour, minute, strings.ToUpper(monthAbbr[im.month-1]), yy)
	fm := "AMEMBASSY " + spacedStation(station)
	if station == "STATE" {
		fm = "SECSTATE WASHDC"
	}
	fmt.Fprintf(h, "VZCZCXRO%04d\n%s%s RUEHWEB\nDE RUEH%.2s #%s/01 %03d%02d%02d\nZNY %s ZZH\n%s %s\nFM %s\nTO RUEHC/SECSTATE WASHDC %s %d\nINFO RUEHZO/AFRICAN UNION COLLECTIVE\n",
		rng.IntN(10000), precedence, precedence, station, fmt.Sprintf("%04s", serial), rng.IntN(365)+1, hour, minute,
		map[string]string{"UNCLASSIFIED": "UUUUU", "CONFIDENTIAL": "CCCCC", "SECRET": "SSSSS"}[cls.level],
		precedence, dtg, fm, map[string]string{"R": "ROUTINE", "P": "PRIORITY", "O": "IMMEDIATE"}[precedence], rng.IntN(9000)+100)

	// Body.
	b := &g.buf
	b.Reset()
	banner := map[string]string{"UNCLASSIFIED": "UNCLAS", "CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T"}[cls.level]
	if cls.class == "UNCLASSIFIED//FOR OFFICIAL USE ONLY" {
		banner = "UNCLAS"
	}
	fmt.Fprintf(b, "%s %s %06s \n \nSIPDIS \n", banner, spacedStation(station), serial)
	if strings.Contains(cls.class, "NOFORN") {
		b.WriteString("NOFORN \n")
	}
	if cls.level == "UNCLASSIFIED" {
		if cls.class != "UNCLASSIFIED" {
			b.WriteString("SENSITIVE BUT UNCLASSIFIED \n")
		}
		b.WriteString(" \nE.O. 12958: N/A \n")
	} else {
		fmt.Fprintf(b, " \nE.O. 12958: DECL: %02d/%02d/%04d \n", im.month, day, year+10)
	}
	if len(t.tags) > 0 {
		fmt.Fprintf(b, "TAGS: %s \n", strings.Join(t.tags, ", "))
	}
	b.WriteString("SUBJECT: ")
	wrapTo(b, t.subject, 9)
	b.WriteString(" \n")
	if len(refs) > 0 {
		b.WriteString("REF: ")
		for k, r := range refs {
			if len(refs) > 1 {
				fmt.Fprintf(b, "%c. ", 'A'+k)
			}
			b.WriteString(citation(rng, r, yy))
			b.WriteString(" \n")
			if k+1 < len(refs) {
				b.WriteString("     ")
			}
		}
	}
	if cls.level != "UNCLASSIFIED" {
		by := t.classifiedBy
		if by == "" {
			by = "Ambassador " + titleStation(pick(rng, p.signers))
		}
		fmt.Fprintf(b, " \nClassified By: %s, reasons 1.4 (%c) and (d) \n", by, 'a'+rng.IntN(3))
	}
	b.WriteString(" \n")
	pool := p.parasByLevel[t.level]
	if len(pool) == 0 {
		pool = p.parasByLevel[levelOf("")]
	}
	np := t.paras
	if f := float64(np) * p.scale; f > 0 {
		np = max(1, int(f))
		if rng.Float64() < f-float64(int(f)) {
			np++
		}
	}
	for k := 1; k <= np; k++ {
		var pg para
		if len(pool) > 0 {
			pg = p.paras[pick(rng, pool)]
		} else {
			pg = p.paras[rng.IntN(len(p.paras))]
		}
		fmt.Fprintf(b, "%d. ", k)
		if pg.marking != "" {
			fmt.Fprintf(b, "(%s) ", pg.marking)
		}
		wrapTo(b, pg.text, len(strconv.Itoa(k))+2+len(pg.marking)+3)
		b.WriteString(" \n \n")
	}
	signer := t.signer
	if signer == "" && len(p.signers) > 0 {
		signer = pick(rng, p.signers)
	}
	if signer != "" {
		b.WriteString(signer)
		b.WriteString(" \n")
	}

	// Row.
	w := g.w
	w.WriteString(`"`)
	w.WriteString(strconv.Itoa(row))
	w.WriteString(`","`)
	fmt.Fprintf(&g.field, "%d/%d/%d %d:%02d", im.month, day, year, hour, minute)
	w.WriteString(g.field.String())
	g.field.Reset()
	w.WriteString(`","`)
	w.WriteString(id)
	w.WriteString(`","`)
	w.WriteString(escape(origin))
	w.WriteString(`","`)
	w.WriteString(cls.class)
	w.WriteString(`","`)
	w.WriteString(strings.Join(refs, "|"))
	w.WriteString(`","`)
	w.WriteString(escape(h.String()))
	w.WriteString(`","`)
	w.WriteString(escape(b.String()))
	w.WriteString("\"\n")
	g.n++
	g.body += int64(b.Len())
	g.err = w.err
}

// templateFor returns a template index: one of the station's cables of
// the wanted level, else one of the station's, else one of the level's,
// else any.
func (g *gen) templateFor(station, level string) int {
	st := g.p.byStation[station]
	if len(st) > 0 {
		// Try a few times for the level.
		for range 4 {
			i := pick(g.rng, st)
			if g.p.templates[i].level == level {
				return i
			}
		}
		if g.rng.IntN(2) == 0 {
			return pick(g.rng, st)
		}
	}
	if lv := g.p.byLevel[level]; len(lv) > 0 {
		return pick(g.rng, lv)
	}
	return g.rng.IntN(len(g.p.templates))
}

// refs draws 0 to 4 cited IDs among the real IDs near position i (the
// ID list is in date order), half of them from the same station when
// possible.
func (g *gen) refs(i int, station string, yy int) []string {
	n := []int{0, 0, 0, 1, 1, 1, 2, 2, 3, 4}[g.rng.IntN(10)]
	if n == 0 {
		return nil
	}
	ids := g.p.ids
	var out []string
	for k := 0; k < n*3 && len(out) < n; k++ {
		lo := max(0, i-5000)
		hi := i
		if hi <= lo {
			hi = min(len(ids), lo+1)
		}
		id := ids[lo+g.rng.IntN(hi-lo)].id
		_, st, _, _ := cablesearch.SplitID(id)
		if k < n && st != station && st != "STATE" && g.rng.IntN(2) == 0 {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == id
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out
}

// citation writes a cited ID the ways cables do: "09 MOSCOW 521",
// "MOSCOW 521" (same year), "MOSCOW 000521" or "09MOSCOW521".
func citation(rng *rand.Rand, id string, yy int) string {
	ry, st, serial, ok := cablesearch.SplitID(id)
	if !ok {
		return id
	}
	st = spacedStation(st)
	switch rng.IntN(4) {
	case 0:
		if ry == yy {
			return st + " " + serial
		}
	case 1:
		return fmt.Sprintf("%s %06s", st, serial)
	case 2:
		return id
	}
	return fmt.Sprintf("%02d %s %s", ry, st, serial)
}

// knownOrigins labels the non-embassy stations most frequent in the
// release, for when the corpus read has none of their cables.
var knownOrigins = map[string]string{
	"STATE": "Secretary of State", "USUNNEWYORK": "USUN New York", "USNATO": "Mission USNATO",
	"UNVIEGENEVA": "Mission Geneva", "USEUBRUSSELS": "USEU Brussels", "SECDEF": "Secretary of Defense",
	"REOBAGHDAD": "REO Baghdad", "IRANRPODUBAI": "Iran RPO Dubai", "RPODUBAI": "Iran RPO Dubai",
	"AITTAIPEI": "AIT Taipei", "TAIPEI": "American Institute Taiwan, Taipei", "UNROME": "Mission UN Rome",
	"USOSCE": "Mission USOSCE", "UNVIEVIENNA": "UNVIE", "CDGENEVA": "Mission CD Geneva",
}

var monthAbbr = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// spacedStation writes a station token the way a banner does for the
// common two-word names; other tokens stay as they are.
func spacedStation(st string) string {
	if s, ok := spaced[st]; ok {
		return s
	}
	return st
}

var spaced = map[string]string{
	"BUENOSAIRES": "BUENOS AIRES", "NEWDELHI": "NEW DELHI", "ABUDHABI": "ABU DHABI",
	"KUALALUMPUR": "KUALA LUMPUR", "SANJOSE": "SAN JOSE", "SANSALVADOR": "SAN SALVADOR",
	"THEHAGUE": "THE HAGUE", "TELAVIV": "TEL AVIV", "HONGKONG": "HONG KONG",
	"MEXICOCITY": "MEXICO CITY", "SAOPAULO": "SAO PAULO", "RIODEJANEIRO": "RIO DE JANEIRO",
	"ADDISABABA": "ADDIS ABABA", "PORTAUPRINCE": "PORT AU PRINCE", "SANTODOMINGO": "SANTO DOMINGO",
}

// titleStation turns "BUENOSAIRES" into "Buenos Aires" when known, else
// "Moscow".
func titleStation(st string) string {
	s := strings.ToLower(spacedStation(st))
	rs := []rune(s)
	for k := range rs {
		if k == 0 || rs[k-1] == ' ' {
			rs[k] = unicode.ToUpper(rs[k])
		}
	}
	return string(rs)
}

// wrapTo appends text wrapped at about 69 columns, the first line
// starting at column indent; line breaks already in text are kept.
func wrapTo(b *strings.Builder, text string, indent int) {
	col := indent
	for li, line := range strings.Split(text, "\n") {
		if li > 0 {
			b.WriteString(" \n")
			col = 0
		}
		first := true
		for _, word := range strings.Fields(line) {
			if !first {
				if col+1+len(word) > 69 {
					b.WriteString(" \n")
					col = 0
				} else {
					b.WriteByte(' ')
					col++
				}
			}
			b.WriteString(word)
			col += len(word)
			first = false
		}
	}
}

// escape writes a field the way the cables.csv dump does: backslash
// before a backslash or a double quote.
func escape(s string) string {
	if !strings.ContainsAny(s, `\"`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] == '"' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
