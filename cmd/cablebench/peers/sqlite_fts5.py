"""SQLite FTS5 peer of cmd/cablebench (from ../shared/bench/sqlite_fts5.py).

  python3 sqlite_fts5.py build DB corpus.tsv [LIMIT] [--analysis cable|std] [--optimize]
  python3 sqlite_fts5.py query DB queries.jsonl [REPS]

Changes from the shared runner: --analysis cable (the default) uses the porter unicode61
tokenizer (stemmed, accents removed) and searches subject and body as cablesearch does; std is
the shared runner's unicode61 on body only. Tags go to a cable_tags table for the tags facet;
queries may carry "facets": 1 (top 10 origins, classifications, tags and years of all hits) and
type "id" (exact canonical ID). Results are "RESULT {json}" lines with the cold (first run)
and warm (median) latencies.
"""
import json, os, sqlite3, sys, time

def read_tsv(path, limit=None):
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f):
            if limit and i >= limit:
                break
            p = line.rstrip('\n').split('\t')
            if len(p) < 7:
                continue
            yield p  # id, date, origin, classification, tags, subject, body

args = [a for a in sys.argv[1:] if not a.startswith('--')]
analysis = 'std' if '--analysis=std' in sys.argv else 'cable'
mode, dbpath = args[0], args[1]
if mode == 'build':
    tsv = args[2]; limit = int(args[3]) if len(args) > 3 else None
    if os.path.exists(dbpath): os.remove(dbpath)
    c = sqlite3.connect(dbpath)
    tok = 'porter unicode61 remove_diacritics 2' if analysis == 'cable' else 'unicode61'
    c.executescript(f"""PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096; PRAGMA cache_size=-262144;
    CREATE VIRTUAL TABLE fts USING fts5(subject, body, content='', tokenize='{tok}');
    CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, year INT, origin TEXT, classification TEXT);
    CREATE TABLE cable_tags(rowid INT, tag TEXT);""")
    t0 = time.time(); n = 0; nbytes = 0
    c.execute('BEGIN')
    for i, p in enumerate(read_tsv(tsv, limit), 1):
        body = p[6].replace('\x1e', '\n')
        c.execute('INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)', (i, p[5], body))
        c.execute('INSERT INTO meta VALUES(?,?,?,?,?)', (i, p[0], int(p[1][:4]), p[2], p[3]))
        for t in p[4].split():
            c.execute('INSERT INTO cable_tags VALUES(?,?)', (i, t))
        n += 1; nbytes += len(body)
    c.execute('COMMIT')
    c.executescript("CREATE INDEX mo ON meta(origin); CREATE INDEX mc ON meta(classification); CREATE INDEX my ON meta(year); CREATE INDEX mi ON meta(id); CREATE INDEX tr ON cable_tags(rowid);")
    t1 = time.time()
    print(f'BUILD docs={n} bytes={nbytes} secs={t1-t0:.1f} docs/s={n/(t1-t0):.0f} MB/s={nbytes/1e6/(t1-t0):.2f} analysis={analysis}', flush=True)
    if '--optimize' in sys.argv:
        c.execute("INSERT INTO fts(fts) VALUES('optimize')"); c.commit()
        print(f'OPTIMIZE secs={time.time()-t1:.1f}', flush=True)
    c.close()
else:
    qs = [json.loads(l) for l in open(args[2]) if l.strip()]
    reps = int(args[3]) if len(args) > 3 else 7
    t0 = time.perf_counter()
    c = sqlite3.connect(dbpath)
    c.execute('PRAGMA cache_size=-262144')
    print(f'OPEN ms={(time.perf_counter()-t0)*1e3:.3f}', flush=True)
    def quote(t):
        return '"' + t.replace('"', '""') + '"'
    def expr(q):
        col = '' if analysis == 'cable' else 'body : '
        if q['type'] == 'phrase': return col + '"' + ' '.join(q['terms']) + '"'
        op = ' OR ' if q['type'] == 'or' else ' AND '
        return col + '(' + op.join(quote(t) for t in q['terms']) + ')'
    def run(q):
        if q['type'] == 'id':
            return c.execute('SELECT count(*) FROM meta WHERE id=?', (q['terms'][0],)).fetchone()[0]
        e = expr(q); where = ['fts MATCH ?']; args = [e]; join = ''
        if 'origin' in q or 'classification' in q or 'year_from' in q or q.get('facets'):
            join = ' JOIN meta m ON m.rowid=fts.rowid'
            if 'origin' in q: where.append('m.origin=?'); args.append(q['origin'])
            if 'classification' in q: where.append('m.classification=?'); args.append(q['classification'])
            if 'year_from' in q: where.append('m.year BETWEEN ? AND ?'); args += [q['year_from'], q['year_to']]
        w = ' AND '.join(where)
        c.execute(f'SELECT fts.rowid FROM fts{join} WHERE {w} ORDER BY bm25(fts) LIMIT 10', args).fetchall()
        cnt = c.execute(f'SELECT count(*) FROM fts{join} WHERE {w}', args).fetchone()[0]
        if q.get('facets'):
            for col in ('m.origin', 'm.classification', 'm.year'):
                c.execute(f'SELECT {col}, count(*) n FROM fts{join} WHERE {w} GROUP BY 1 ORDER BY n DESC LIMIT 10', args).fetchall()
            c.execute(f'SELECT t.tag, count(*) n FROM fts{join} JOIN cable_tags t ON t.rowid=fts.rowid WHERE {w} GROUP BY 1 ORDER BY n DESC LIMIT 10', args).fetchall()
        return cnt
    for q in qs:
        t = time.perf_counter(); res = run(q); cold = (time.perf_counter() - t) * 1e3
        run(q)  # warm
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            res = run(q)
            ts.append((time.perf_counter() - t) * 1e3)
        ts.sort()
        print('RESULT ' + json.dumps({"id": q["id"], "count": res, "cold_ms": cold, "median_ms": ts[len(ts)//2], "min_ms": ts[0], "max_ms": ts[-1]}), flush=True)
