"""SQLite FTS5 side of query/latency_bench_test.go.

  python3 sqlite_fts5.py build DB corpus.tsv
  python3 sqlite_fts5.py query DB queries.json OUT.json [REPS]

corpus.tsv is the format of /work/shared/bench/README.md (id, date, origin,
classification, tags, subject, body with paragraphs joined by U+001E) plus
an eighth column, the paragraph numbers (space-separated), written by the
Go harness from the cablesearch index so that both engines search the same
text. The tables: fts(subject, body) with the porter stemmer over unicode61
(cablesearch stems too), meta and tags for filters and facets, and pfts, one
row per paragraph, for the paragraph class.

Each query runs once to warm, then REPS times (default 7); OUT.json gets,
per query, its count and every run's wall time and the CPU time of the runs.
What each class does, to match what cablesearch does for it:
  word, and, or, phrase_*: top 10 by bm25 with a snippet, and the exact count;
  filter: the same joined with meta (origin, classification or level,
    year range);
  facets: the same plus the top 10 origins, classifications, tags and years;
  paragraphs: top 10 paragraphs by bm25 in pfts with a snippet, and the count.
"""
import json, os, sqlite3, sys, time


def build(db, tsv):
    if os.path.exists(db):
        os.remove(db)
    c = sqlite3.connect(db)
    c.executescript("""
    PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
    CREATE VIRTUAL TABLE fts USING fts5(subject, body, tokenize='porter unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE pfts USING fts5(body, tokenize='porter unicode61 remove_diacritics 2');
    CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, year INT, origin TEXT, classification TEXT);
    CREATE TABLE tags(rowid INT, tag TEXT);
    CREATE TABLE pmeta(rowid INTEGER PRIMARY KEY, cable INT, n INT);
    """)
    t0, t0c = time.time(), time.process_time()
    n = np = 0
    c.execute('BEGIN')
    with open(tsv, encoding='utf-8') as f:
        for i, line in enumerate(f, 1):
            p = line.rstrip('\n').split('\t')
            if len(p) < 7:
                continue
            paras = p[6].split('\x1e')
            nums = p[7].split() if len(p) > 7 else [str(k) for k in range(len(paras))]
            c.execute('INSERT INTO fts(rowid, subject, body) VALUES(?,?,?)', (i, p[5], '\n'.join(paras)))
            year = int(p[1][:4]) if p[1][:4].isdigit() else 0
            c.execute('INSERT INTO meta VALUES(?,?,?,?,?)', (i, p[0], year, p[2], p[3]))
            for t in p[4].split():
                c.execute('INSERT INTO tags VALUES(?,?)', (i, t))
            for k, text in enumerate(paras):
                np += 1
                c.execute('INSERT INTO pfts(rowid, body) VALUES(?,?)', (np, text))
                c.execute('INSERT INTO pmeta VALUES(?,?,?)', (np, i, int(nums[k]) if k < len(nums) else k))
            n += 1
    c.execute('COMMIT')
    c.executescript("""CREATE INDEX mo ON meta(origin); CREATE INDEX mc ON meta(classification);
    CREATE INDEX my ON meta(year); CREATE INDEX tr ON tags(rowid); CREATE INDEX tt ON tags(tag);""")
    c.execute("INSERT INTO fts(fts) VALUES('optimize')")
    c.execute("INSERT INTO pfts(pfts) VALUES('optimize')")
    c.commit()
    c.close()
    print(f'BUILD cables={n} paragraphs={np} wall={time.time()-t0:.1f}s cpu={time.process_time()-t0c:.1f}s size={os.path.getsize(db)/1e6:.1f}MB', flush=True)


def runner(c, q):
    """Returns a function running q once and giving its count."""
    where, args, join = [], [], ''
    if q.get('fts'):
        where.append('fts MATCH ?')
        args.append(q['fts'])
    if 'origin' in q or 'classification' in q or 'level' in q or 'year_from' in q:
        join = ' JOIN meta m ON m.rowid = fts.rowid'
        if 'origin' in q:
            where.append('m.origin = ?'); args.append(q['origin'])
        if 'classification' in q:
            where.append('m.classification = ?'); args.append(q['classification'])
        if 'level' in q:  # class:CONFIDENTIAL is the level, caveats or not
            where.append("(m.classification = ? OR m.classification LIKE ? || '//%')"); args += [q['level'], q['level']]
        if 'year_from' in q:
            where.append('m.year BETWEEN ? AND ?'); args += [q['year_from'], q['year_to']]
    w = (' WHERE ' + ' AND '.join(where)) if where else ''
    ranked = bool(q.get('fts'))
    order = ' ORDER BY bm25(fts, 3.0, 1.0)' if ranked else ''

    if q.get('paragraphs'):
        def run():
            top = [r[0] for r in c.execute('SELECT rowid FROM pfts WHERE pfts MATCH ? ORDER BY bm25(pfts) LIMIT 10', (q['fts'],))]
            if top:
                marks = ','.join('?' * len(top))
                c.execute(f"SELECT p.rowid, m.cable, m.n, snippet(pfts, 0, '<mark>', '</mark>', '…', 24) "
                          f"FROM pfts p JOIN pmeta m ON m.rowid = p.rowid WHERE pfts MATCH ? AND p.rowid IN ({marks})",
                          [q['fts']] + top).fetchall()
            return c.execute('SELECT count(*) FROM pfts WHERE pfts MATCH ?', (q['fts'],)).fetchone()[0]
        return run

    def run():
        top = [r[0] for r in c.execute(f'SELECT fts.rowid FROM fts{join}{w}{order} LIMIT 10', args)]
        if ranked and top:
            # Snippets for the ten hits only (in the select list of the
            # ranked query SQLite may build them for every match).
            marks = ','.join('?' * len(top))
            c.execute(f"SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 24) FROM fts "
                      f"WHERE fts MATCH ? AND rowid IN ({marks})", [q['fts']] + top).fetchall()
        cnt = c.execute(f'SELECT count(*) FROM fts{join}{w}', args).fetchone()[0]
        if q.get('facets'):
            hits = f'SELECT fts.rowid AS rowid FROM fts{join}{w}'
            for col in ('origin', 'classification', 'year'):
                c.execute(f'WITH h AS ({hits}) SELECT m.{col}, count(*) FROM meta m JOIN h ON h.rowid = m.rowid '
                          f'GROUP BY m.{col} ORDER BY 2 DESC LIMIT 10', args).fetchall()
            c.execute(f'WITH h AS ({hits}) SELECT t.tag, count(*) FROM tags t JOIN h ON h.rowid = t.rowid '
                      f'GROUP BY t.tag ORDER BY 2 DESC LIMIT 10', args).fetchall()
        return cnt
    return run


def query(db, qpath, out, reps):
    qs = json.load(open(qpath))
    c = sqlite3.connect(db)
    c.execute('PRAGMA cache_size=-262144')
    rows = []
    for q in qs:
        run = runner(c, q)
        count = run()  # warm
        runs = []
        c0 = time.process_time()
        for _ in range(reps):
            t = time.perf_counter()
            count = run()
            runs.append((time.perf_counter() - t) * 1e3)
        cpu = (time.process_time() - c0) * 1e3 / reps
        rows.append({'id': q['id'], 'class': q['class'], 'count': count, 'runs_ms': runs, 'cpu_ms': cpu})
        print(f"sqlite {q['id']:28s} count={count:>7} median={sorted(runs)[len(runs)//2]:8.2f} ms", file=sys.stderr, flush=True)
    json.dump(rows, open(out, 'w'), indent=1)


if __name__ == '__main__':
    if sys.argv[1] == 'build':
        build(sys.argv[2], sys.argv[3])
    else:
        query(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]) if len(sys.argv) > 5 else 7)
