// LBench: the Lucene peer of cmd/cablebench (from ../shared/bench/LBench.java).
//
//   javac -cp "/usr/share/java/*" -d OUT LBench.java
//   java -Xmx4g -cp "OUT:/usr/share/java/*" [-Danalysis=cable|std] LBench build IDXDIR corpus.tsv [LIMIT] [THREADS]
//   java ... LBench query IDXDIR queries.jsonl [REPS]
//   java ... LBench qps IDXDIR queries.jsonl WORKERS [SECS]
//
// Changes from the shared runner: -Danalysis=cable (the default) analyses like cablesearch's
// cable_text (standard tokenizer, lower case, ASCII folding, Snowball English stemming, no stop
// words) and searches subject OR body for each term, as cablesearch does; -Danalysis=std is the
// shared runner's StandardAnalyzer on body only. Tags are indexed (SortedSet DocValues) for the
// tags facet; query objects may carry "facets":1 (count the top 10 origins, classifications,
// tags and years of all hits) and type "id" (exact canonical ID). Results are printed as
// "RESULT {json}" lines with the cold (first, before JIT warm-up) and warm (median) latencies.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.store.*;
import org.apache.lucene.util.BytesRef;

public class LBench {
  static final boolean CABLE = !"std".equals(System.getProperty("analysis", "cable"));

  public static void main(String[] a) throws Exception {
    if (a[0].equals("build")) build(a[1], a[2], a.length > 3 ? Integer.parseInt(a[3]) : Integer.MAX_VALUE, a.length > 4 ? Integer.parseInt(a[4]) : 2);
    else if (a[0].equals("qps")) qps(a[1], a[2], Integer.parseInt(a[3]), a.length > 4 ? Integer.parseInt(a[4]) : 20);
    else query(a[1], a[2], a.length > 3 ? Integer.parseInt(a[3]) : 7);
  }

  static Analyzer analyzer() throws IOException {
    if (!CABLE) return new StandardAnalyzer();
    // Built by hand: CustomAnalyzer's SPI lookup trips over the ICU factories on the class path.
    return new Analyzer() {
      @Override protected TokenStreamComponents createComponents(String field) {
        Tokenizer t = new StandardTokenizer();
        TokenStream s = new LowerCaseFilter(t);
        s = new ASCIIFoldingFilter(s);
        s = new SnowballFilter(s, new org.tartarus.snowball.ext.EnglishStemmer());
        return new TokenStreamComponents(t, s);
      }
    };
  }

  static void build(String idx, String tsv, int limit, int threads) throws Exception {
    Directory dir = FSDirectory.open(Paths.get(idx));
    IndexWriterConfig cfg = new IndexWriterConfig(analyzer());
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    cfg.setRAMBufferSizeMB(256);
    IndexWriter w = new IndexWriter(dir, cfg);
    long t0 = System.nanoTime();
    BlockingQueue<String[]> q = new ArrayBlockingQueue<>(4096);
    AtomicLong n = new AtomicLong(), bytes = new AtomicLong();
    String[] POISON = new String[0];
    Thread[] ws = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ws[t] = new Thread(() -> {
        try {
          while (true) {
            String[] p = q.take();
            if (p == POISON) break;
            Document d = new Document();
            d.add(new StringField("id", p[0], Field.Store.YES));
            int year = Integer.parseInt(p[1].substring(0, 4));
            d.add(new IntPoint("year", year));
            d.add(new NumericDocValuesField("year", year));
            d.add(new StringField("origin", p[2], Field.Store.NO));
            d.add(new SortedDocValuesField("origin", new BytesRef(p[2])));
            d.add(new StringField("classification", p[3], Field.Store.NO));
            d.add(new SortedDocValuesField("classification", new BytesRef(p[3])));
            for (String tag : p[4].split(" ")) {
              if (tag.isEmpty()) continue;
              d.add(new StringField("tags", tag, Field.Store.NO));
              d.add(new SortedSetDocValuesField("tags", new BytesRef(tag)));
            }
            d.add(new TextField("subject", p[5], Field.Store.NO));
            String body = p[6].replace('\u001e', '\n');
            d.add(new TextField("body", body, Field.Store.NO));
            w.addDocument(d);
            n.incrementAndGet(); bytes.addAndGet(body.length());
          }
        } catch (Exception e) { throw new RuntimeException(e); }
      });
      ws[t].start();
    }
    try (BufferedReader r = Files.newBufferedReader(Paths.get(tsv), StandardCharsets.UTF_8)) {
      String line; int i = 0;
      while ((line = r.readLine()) != null && i++ < limit) {
        String[] p = line.split("\t", -1);
        if (p.length >= 7) q.put(p);
      }
    }
    for (int t = 0; t < threads; t++) q.put(POISON);
    for (Thread t : ws) t.join();
    w.commit();
    double s1 = (System.nanoTime() - t0) / 1e9;
    w.close();
    double s = (System.nanoTime() - t0) / 1e9;
    int segs = 0;
    try (DirectoryReader r = DirectoryReader.open(dir)) { segs = r.leaves().size(); }
    System.out.printf("BUILD docs=%d bytes=%d secs=%.1f (commit at %.1f) docs/s=%.0f MB/s=%.2f segments=%d analysis=%s%n", n.get(), bytes.get(), s, s1, n.get()/s, bytes.get()/1e6/s, segs, CABLE ? "cable" : "std");
  }

  // termQuery is one analysed word, on body (std) or on subject OR body (cable).
  static Query termQuery(Analyzer an, String word) throws IOException {
    List<String> toks = analyze(an, word);
    if (toks.isEmpty()) return new MatchNoDocsQuery();
    if (toks.size() > 1) return phrase(an, toks);
    if (!CABLE) return new TermQuery(new Term("body", toks.get(0)));
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(new TermQuery(new Term("subject", toks.get(0))), BooleanClause.Occur.SHOULD);
    b.add(new TermQuery(new Term("body", toks.get(0))), BooleanClause.Occur.SHOULD);
    return b.build();
  }

  static Query phrase(Analyzer an, List<String> toks) {
    String[] fields = CABLE ? new String[] {"subject", "body"} : new String[] {"body"};
    BooleanQuery.Builder or = new BooleanQuery.Builder();
    for (String f : fields) {
      PhraseQuery.Builder b = new PhraseQuery.Builder();
      for (String t : toks) b.add(new Term(f, t));
      or.add(b.build(), BooleanClause.Occur.SHOULD);
    }
    return fields.length == 1 ? or.build().clauses().get(0).getQuery() : or.build();
  }

  static List<String> analyze(Analyzer an, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (org.apache.lucene.analysis.TokenStream ts = an.tokenStream("body", text)) {
      org.apache.lucene.analysis.tokenattributes.CharTermAttribute ta = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(ta.toString());
      ts.end();
    }
    return out;
  }

  static Query build(Analyzer an, Map<String,Object> q) throws IOException {
    @SuppressWarnings("unchecked") List<String> terms = (List<String>) q.get("terms");
    String type = (String) q.get("type");
    Query base;
    if (type.equals("id")) {
      base = new TermQuery(new Term("id", terms.get(0)));
    } else if (type.equals("phrase")) {
      base = phrase(an, analyze(an, String.join(" ", terms)));
    } else {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (String t : terms) b.add(termQuery(an, t), type.equals("or") ? BooleanClause.Occur.SHOULD : BooleanClause.Occur.MUST);
      base = b.build();
    }
    BooleanQuery.Builder f = new BooleanQuery.Builder();
    f.add(base, BooleanClause.Occur.MUST);
    boolean any = false;
    if (q.containsKey("origin")) { f.add(new TermQuery(new Term("origin", (String) q.get("origin"))), BooleanClause.Occur.FILTER); any = true; }
    if (q.containsKey("classification")) { f.add(new TermQuery(new Term("classification", (String) q.get("classification"))), BooleanClause.Occur.FILTER); any = true; }
    if (q.containsKey("year_from")) { f.add(IntPoint.newRangeQuery("year", ((Number) q.get("year_from")).intValue(), ((Number) q.get("year_to")).intValue()), BooleanClause.Occur.FILTER); any = true; }
    return any ? f.build() : base;
  }

  // tiny JSON-lines parser for our flat query objects
  static Map<String,Object> parse(String s) {
    Map<String,Object> m = new LinkedHashMap<>();
    s = s.trim(); s = s.substring(1, s.length() - 1);
    int i = 0;
    while (i < s.length()) {
      int k1 = s.indexOf('"', i), k2 = s.indexOf('"', k1 + 1);
      if (k1 < 0) break;
      String key = s.substring(k1 + 1, k2);
      int c = s.indexOf(':', k2) + 1;
      while (s.charAt(c) == ' ') c++;
      if (s.charAt(c) == '"') { int e = s.indexOf('"', c + 1); m.put(key, s.substring(c + 1, e)); i = e + 1; }
      else if (s.charAt(c) == '[') { int e = s.indexOf(']', c); List<String> l = new ArrayList<>(); for (String x : s.substring(c + 1, e).split(",")) l.add(x.trim().replace("\"", "")); m.put(key, l); i = e + 1; }
      else { int e = c; while (e < s.length() && s.charAt(e) != ',') e++; m.put(key, Integer.parseInt(s.substring(c, e).trim())); i = e; }
      int comma = s.indexOf(',', i); if (comma < 0) break; i = comma + 1;
    }
    return m;
  }

  static class Q {
    String id; Query q; boolean facets;
  }

  static List<Q> load(String qfile) throws IOException {
    Analyzer an = analyzer();
    List<Q> qs = new ArrayList<>();
    for (String l : Files.readAllLines(Paths.get(qfile))) {
      if (l.isBlank()) continue;
      Map<String,Object> m = parse(l);
      Q q = new Q(); q.id = (String) m.get("id"); q.q = build(an, m);
      q.facets = m.containsKey("facets") && ((Number) m.get("facets")).intValue() != 0;
      qs.add(q);
    }
    return qs;
  }

  static void query(String idx, String qfile, int reps) throws Exception {
    long t0 = System.nanoTime();
    DirectoryReader r = DirectoryReader.open(MMapDirectory.open(Paths.get(idx)));
    IndexSearcher s = new IndexSearcher(r);
    s.setQueryCache(null);
    double openMs = (System.nanoTime() - t0) / 1e6;
    System.out.printf("OPEN ms=%.3f%n", openMs);
    List<Q> qs = load(qfile);
    // Cold: each query's first run after open, before any JIT warm-up.
    double[] cold = new double[qs.size()];
    for (int k = 0; k < qs.size(); k++) { long t = System.nanoTime(); run(s, qs.get(k)); cold[k] = (System.nanoTime() - t) / 1e6; }
    // JIT warmup: run whole set a few times
    for (int w = 0; w < 20; w++) for (Q q : qs) run(s, q);
    for (int k = 0; k < qs.size(); k++) {
      Q q = qs.get(k);
      double[] ts = new double[reps]; long cnt = 0;
      for (int j = 0; j < ts.length; j++) { long t = System.nanoTime(); cnt = run(s, q); ts[j] = (System.nanoTime() - t) / 1e6; }
      Arrays.sort(ts);
      System.out.printf(Locale.ROOT, "RESULT {\"id\":\"%s\",\"count\":%d,\"cold_ms\":%.4f,\"median_ms\":%.4f,\"min_ms\":%.4f,\"max_ms\":%.4f}%n", q.id, cnt, cold[k], ts[ts.length/2], ts[0], ts[ts.length-1]);
    }
  }

  static void qps(String idx, String qfile, int workers, int secs) throws Exception {
    DirectoryReader r = DirectoryReader.open(MMapDirectory.open(Paths.get(idx)));
    IndexSearcher s = new IndexSearcher(r);
    s.setQueryCache(null);
    List<Q> qs = load(qfile);
    for (int w = 0; w < 20; w++) for (Q q : qs) run(s, q); // JIT warmup
    long deadline = System.nanoTime() + secs * 1_000_000_000L;
    List<List<Double>> lat = new ArrayList<>();
    Thread[] ts = new Thread[workers];
    for (int w = 0; w < workers; w++) {
      List<Double> l = new ArrayList<>(); lat.add(l); final int ww = w;
      ts[w] = new Thread(() -> { try { for (int i = ww; System.nanoTime() < deadline; i++) { long t = System.nanoTime(); run(s, qs.get(i % qs.size())); l.add((System.nanoTime() - t) / 1e6); } } catch (IOException e) { throw new RuntimeException(e); } });
      ts[w].start();
    }
    for (Thread t : ts) t.join();
    List<Double> all = new ArrayList<>(); for (List<Double> l : lat) all.addAll(l);
    Collections.sort(all); int n = all.size();
    System.out.printf(Locale.ROOT, "QPS {\"workers\":%d,\"n\":%d,\"qps\":%.2f,\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"max_ms\":%.4f}%n", workers, n, n/(double)secs, all.get(n/2), all.get(n*99/100), all.get(n-1));
  }

  // FacetCounter counts, for every hit, its origin, classification, tags and year from DocValues.
  static class FacetCounter extends SimpleCollector {
    final Map<String,Integer> origin = new HashMap<>(), cls = new HashMap<>(), tags = new HashMap<>();
    final Map<Long,Integer> year = new HashMap<>();
    SortedDocValues o, c; SortedSetDocValues t; NumericDocValues y;
    @Override protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
      LeafReader lr = ctx.reader();
      o = DocValues.getSorted(lr, "origin"); c = DocValues.getSorted(lr, "classification");
      t = DocValues.getSortedSet(lr, "tags"); y = DocValues.getNumeric(lr, "year");
    }
    @Override public void collect(int doc) throws IOException {
      if (o.advanceExact(doc)) origin.merge(o.binaryValue().utf8ToString(), 1, Integer::sum);
      if (c.advanceExact(doc)) cls.merge(c.binaryValue().utf8ToString(), 1, Integer::sum);
      if (t.advanceExact(doc)) for (long ord = t.nextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = t.nextOrd()) tags.merge(t.lookupOrd(ord).utf8ToString(), 1, Integer::sum);
      if (y.advanceExact(doc)) year.merge(y.longValue(), 1, Integer::sum);
    }
    @Override public ScoreMode scoreMode() { return ScoreMode.COMPLETE_NO_SCORES; }
    <K> List<Map.Entry<K,Integer>> top(Map<K,Integer> m) {
      List<Map.Entry<K,Integer>> l = new ArrayList<>(m.entrySet());
      l.sort((a, b) -> b.getValue() - a.getValue());
      return l.subList(0, Math.min(10, l.size()));
    }
  }

  static long run(IndexSearcher s, Q q) throws IOException {
    TopScoreDocCollector c = TopScoreDocCollector.create(10, Integer.MAX_VALUE); // top10 + exact count
    if (q.facets) {
      FacetCounter f = new FacetCounter();
      s.search(q.q, MultiCollector.wrap(c, f));
      f.top(f.origin); f.top(f.cls); f.top(f.tags); f.top(f.year);
    } else {
      s.search(q.q, c);
    }
    TopDocs td = c.topDocs();
    return td.totalHits.value;
  }
}
