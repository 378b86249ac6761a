/*
 * exchange.pml -- a Promela model of sacoche's exchange protocol
 * (docs/INTEGRATION.md: "Noticing local changes", "What an archive carries",
 * "The rules of apply", "The merge", "What this guarantees").
 *
 * Two replicas of one dossier (0 = the farmer's folder, 1 = the accountant's copy)
 * edit one file, pack archives (full or changes) and receipts into a postman's bag
 * that loses, duplicates and reorders them, and integrate what they receive.  At
 * any moment the run may stop editing and enter a final phase in which archives go
 * 0 -> 1, 1 -> 0, 0 -> 1 without loss; the replicas must then be equal.
 *
 * Everything is one process whose every step is one d_step: the state space is the
 * set of reachable protocol states, and each step ends with the invariant checks.
 *
 * Properties (see model/README.md for the exact statements):
 *   P1  no silent lost update            (check_lost, after every step)
 *   P2  never needs uncarried content    (need(), in the merge)
 *   P3  convergence after a lossless exchange both ways (final phase)
 *   P4  a refused (stale or duplicate) archive changes nothing (receive)
 *   P5  a deletion, once integrated, is never undone by an old version (check_lost)
 *   P0  well-formedness: every version held is covered by the holder's knowledge
 *
 * Switches (spin -DNAME=value):
 *   BUG=1  the merge deletes a local file absent from the sender's list without
 *          checking Vl <= Ks (the "modified here, deleted there" case is lost)
 *   BUG=2  the sender assumes at pack time that the other side integrated what it
 *          sent (A := own knowledge), the original design's mistake
 *   BUG=3  a conflict copy gets the loser's own version instead of Vl v Vs
 *   BUG=4  a conflict copy is named after the replica that detects the conflict
 *          (and its counter) instead of after the losing version's author and event
 *   BUG=5  no "Once" rule: stale and duplicate archives are merged again
 *   TOUCH=1  a local "touch" (same content, new modification time, no event, as
 *          INTEGRATION.md says) changes the key that decides conflict winners,
 *          i.e. the winner is decided on the current on-disk modification time
 *   E, NC, MAXPACK, MAXRCPT, MAXMSG: the bounds below
 */

#ifndef BUG
#define BUG 0
#endif
#ifndef TOUCH
#define TOUCH 0
#endif
#ifndef DOC_TABLE
#define DOC_TABLE 0
#endif

/* ---- bounds ------------------------------------------------------------------ */
#ifndef E
#define E 2          /* local events (edits) per replica: counters stay in 0..E       */
#endif
#ifndef NC
#define NC 2         /* contents an edit may write: 1..NC (0 = the initial content)   */
#endif
#ifndef MAXPACK
#define MAXPACK 2    /* archives each replica may pack before the final phase         */
#endif
#ifndef MAXRCPT
#define MAXRCPT 1    /* receipts each replica may write before the final phase        */
#endif
#ifndef MAXMSG
#define MAXMSG 2     /* archives and receipts in the postman's bag at once (<= 4)     */
#endif

/*
 * Slots.  The dossier has one real path, slot 0.  A conflict copy is another path,
 * named in sacoche after its author and date ("... (conflit Cabinet Dupont
 * 28-10-2020).txt"); here it is named after the losing version's author `by` and
 * event `ev`, which identify the edit that wrote that content: the copy of the
 * version made by replica b at its event n lives in slot 1 + b*E + (n-1).  Both
 * replicas that meet one conflict thus make the same path.  Copies are ordinary
 * files for the merge; locally they can only be deleted (sacoche resolve): an edit of
 * a copy is an edit of some path, which slot 0 already covers.
 */
#define NK (2*E)
#define NS (1+NK)
#define COPYSLOT(b, n) (1 + (b)*E + ((n)-1))
#define SCRATCH MAXMSG   /* the bag entry used by the final phase (never in the bag) */

#define ARCHIVE 0
#define RECEIPT 1

/* ---- records ----------------------------------------------------------------- */

/* One path in a replica's index.  Present or not; when absent, v is the version of
 * the last file there (the tombstone), which a later addition joins.  c stands for
 * the SHA-256 (and size); by and ev name who made this version (author, event); t
 * (TOUCH only) says the file was touched since: its modification time is newer. */
typedef File {
	bit  p;
	byte c;
	bit  by;
	byte ev;
	bit  t;
	byte v[2]
}

/* One replica: its index, knowledge, what the other side acknowledged, sequence
 * numbers.  K[self] is the event counter (every local change is an event).        */
typedef Rep {
	File f[NS];
	byte K[2];      /* knowledge: integrated every change of q up to K[q]           */
	byte A[2];      /* knowledge the other replica acknowledged (its signed word)   */
	byte seq;       /* the last sequence number this replica gave an archive        */
	byte lastin;    /* the last sequence number integrated from the other replica   */
	bit  rdue;      /* integrated something since its last receipt                  */
	byte nrcpt;     /* receipts written (bound)                                     */
	bit  touched    /* TOUCH: has touched a file (bound: once)                      */
}

/* One entry of an archive's state list; `carried` says its content is in `files`.
 * The model keeps c even when not carried, so that the receiver can be checked never
 * to use a content the archive did not carry (P2).                                  */
typedef Entry {
	bit  p;
	byte c;
	bit  by;
	byte ev;
	bit  t;
	byte v[2];
	bit  carried
}

/* A message in the postman's bag: an archive (full or changes) or a receipt.  Both
 * are signed by their sender: the model has no forger, so `from`, `seq` and `Ks` are
 * what the sender wrote.                                                           */
typedef Msg {
	bit  used;
	bit  kind;
	bit  from;
	byte seq;
	byte Ks[2];     /* the sender's knowledge                                       */
	Entry e[NS]     /* archive: the sender's whole state list                       */
}

/* Ghost record of every local change, indexed by author*E + event (0 = the initial
 * file, known to both replicas).  sup[y] = the first event of replica y that replaced
 * or deleted a file holding this content at a version that descends from it: "a
 * causally later action by someone who had seen it".                               */
#define GNONE    0
#define GCONTENT 1
#define GDELETE  2
#define NG (2*E+1)
#define GID(b, n) ((b)*E + (n))
typedef Ghost {
	byte kind;
	byte slot;      /* GDELETE: the slot deleted                                    */
	byte c;         /* GCONTENT: the content written                                */
	bit  by;
	byte ev;
	byte v[2];      /* GCONTENT: the version made; GDELETE: the version deleted    */
	byte sup[2]
}

Rep   R[2];
Msg   bag[MAXMSG+1];
Ghost G[NG];

/* Scratch variables, set before use inside every d_step (never part of the state). */
hidden byte i, k, g, q, n, lp, sp, sle, lse, sw, ok, found, stale, rx;
hidden byte pend, pkey, pc, pby, pev, pt, pv0, pv1, jv0, jv1;
/* the snapshot of a replica before an integration (P4) */
hidden byte sK[2], sA[2], sseq, slast, srdue;
hidden byte sfp[NS], sfc[NS], sfby[NS], sfev[NS], sft[NS], sfv0[NS], sfv1[NS];

/* ---- version vectors --------------------------------------------------------- */
/* LE(V, W): V <= W, for two pairs such as FV(x, s), KV(x) (two-level for cpp) */
#define LE(V, W) LE_(V, W)
#define LE_(a0, a1, b0, b1) ((a0) <= (b0) && (a1) <= (b1))
#define MAX(a, b) ((a) > (b) -> (a) : (b))
#define FV(X, S) R[X].f[S].v[0], R[X].f[S].v[1]
#define EV(M, S) bag[M].e[S].v[0], bag[M].e[S].v[1]
#define KV(X)    R[X].K[0], R[X].K[1]
#define KS(M)    bag[M].Ks[0], bag[M].Ks[1]
#define AV(X)    R[X].A[0], R[X].A[1]
#define GV(G_)   G[G_].v[0], G[G_].v[1]

/* ---- invariants -------------------------------------------------------------- */

/* P1 (no silent lost update), P5 (no resurrection of an integrated deletion) and P0
 * (K covers every version held), for both replicas.                                */
inline check_lost() {
	rx = 0;
	do
	:: rx < 2 ->
		/* P0 */
		k = 0;
		do
		:: k < NS ->
			assert(!R[rx].f[k].p || LE(FV(rx, k), KV(rx)));
			k++
		:: else -> break
		od;
		g = 0;
		do
		:: g < NG ->
			if
			:: G[g].kind == GCONTENT && R[rx].K[G[g].by] >= G[g].ev ->
				/* P1: replica rx has integrated edit g (its author's event is
				 * within rx's knowledge): the content must be at the path or in a
				 * conflict copy at a version that descends from g's, or someone
				 * who had seen it replaced or deleted it, and rx integrated that. */
				found = 0;
				k = 0;
				do
				:: k < NS ->
					if
					:: R[rx].f[k].p && R[rx].f[k].c == G[g].c &&
					   LE(GV(g), FV(rx, k)) -> found = 1
					:: else -> skip
					fi;
					k++
				:: else -> break
				od;
				assert(found ||
				       (G[g].sup[0] != 0 && R[rx].K[0] >= G[g].sup[0]) ||
				       (G[g].sup[1] != 0 && R[rx].K[1] >= G[g].sup[1]))
			:: G[g].kind == GDELETE && R[rx].K[G[g].by] >= G[g].ev ->
				/* P5: rx integrated the deletion: it never holds that version (or
				 * an older one) at that path again. */
				assert(!R[rx].f[G[g].slot].p ||
				       !LE(FV(rx, G[g].slot), GV(g)))
			:: else -> skip
			fi;
			g++
		:: else -> break
		od;
		rx++
	:: else -> break
	od
}

/* ---- local changes ("Noticing local changes") -------------------------------- */

/* Replica X is about to change slot S at its new event N: every recorded content
 * that S holds, at a version descending from it, is superseded by X's event N.     */
inline supersede(X, S, N) {
	if
	:: R[X].f[S].p ->
		g = 0;
		do
		:: g < NG ->
			if
			:: G[g].kind == GCONTENT && G[g].c == R[X].f[S].c &&
			   LE(GV(g), FV(X, S)) && G[g].sup[X] == 0 ->
				G[g].sup[X] = N
			:: else -> skip
			fi;
			g++
		:: else -> break
		od
	:: else -> skip
	fi
}

inline record_content(X, N) {
	G[GID(X, N)].kind = GCONTENT;
	G[GID(X, N)].slot = 0;
	G[GID(X, N)].c = R[X].f[0].c;
	G[GID(X, N)].by = X;
	G[GID(X, N)].ev = N;
	G[GID(X, N)].v[0] = R[X].f[0].v[0];
	G[GID(X, N)].v[1] = R[X].f[0].v[1]
}

/* Modification of the file at the path (new content C != current): a new event
 * X:n, version V with V[X] = n.  Also the addition at an absent path: version {X:n}
 * joined with the tombstone kept in v (so it supersedes the old deletion).  After
 * any local change K[X] = the counter.                                             */
inline write_path(X, C) {
	n = R[X].K[X] + 1;
	supersede(X, 0, n);
	R[X].K[X] = n;
	R[X].f[0].p = 1;
	R[X].f[0].c = C;
	R[X].f[0].by = X;
	R[X].f[0].ev = n;
	R[X].f[0].t = 0;
	R[X].f[0].v[X] = n;
	printf("MSC: %d writes content %d at the path: event %d, version {%d,%d}\n",
	       X, C, n, R[X].f[0].v[0], R[X].f[0].v[1]);
	record_content(X, n);
	check_lost()
}

/* Deletion of slot S (the path, or a conflict copy: sacoche resolve): a new event;
 * the tombstone is the last version with X:n.                                      */
inline delete_slot(X, S) {
	n = R[X].K[X] + 1;
	supersede(X, S, n);
	G[GID(X, n)].kind = GDELETE;
	G[GID(X, n)].slot = S;
	G[GID(X, n)].by = X;
	G[GID(X, n)].ev = n;
	G[GID(X, n)].v[0] = R[X].f[S].v[0];
	G[GID(X, n)].v[1] = R[X].f[S].v[1];
	R[X].K[X] = n;
	R[X].f[S].p = 0;
	R[X].f[S].v[X] = n;
	printf("MSC: %d deletes slot %d: event %d\n", X, S, n);
	check_lost()
}

/* ---- pack ("What an archive carries") ---------------------------------------- */

/* Replica X packs an archive into bag entry M: its knowledge, its whole state list,
 * and the content of every file (FULL) or of those whose version the other side has
 * not acknowledged, V not <= A (changes).                                          */
inline pack(X, FULL, M) {
	R[X].seq = R[X].seq + 1;
	bag[M].used = 1;
	bag[M].kind = ARCHIVE;
	bag[M].from = X;
	bag[M].seq = R[X].seq;
	bag[M].Ks[0] = R[X].K[0];
	bag[M].Ks[1] = R[X].K[1];
	k = 0;
	do
	:: k < NS ->
		bag[M].e[k].p = R[X].f[k].p;
		if
		:: R[X].f[k].p ->
			bag[M].e[k].c = R[X].f[k].c;
			bag[M].e[k].by = R[X].f[k].by;
			bag[M].e[k].ev = R[X].f[k].ev;
			bag[M].e[k].t = R[X].f[k].t;
			bag[M].e[k].v[0] = R[X].f[k].v[0];
			bag[M].e[k].v[1] = R[X].f[k].v[1];
			bag[M].e[k].carried = (FULL || !LE(FV(X, k), AV(X)))
		:: else -> skip   /* absent paths are not in the list */
		fi;
		k++
	:: else -> break
	od;
	printf("MSC: %d packs archive #%d (full %d) into bag[%d], K {%d,%d}, A {%d,%d}\n",
	       X, R[X].seq, FULL, M, R[X].K[0], R[X].K[1], R[X].A[0], R[X].A[1]);
#if BUG == 2
	/* BUG: "shared state" -- assume the other side will integrate this archive. */
	R[X].A[0] = R[X].K[0];
	R[X].A[1] = R[X].K[1];
#endif
	check_lost()
}

/* A receipt: a tiny signed archive with no files carrying the receiver's knowledge. */
inline receipt(X, M) {
	bag[M].used = 1;
	bag[M].kind = RECEIPT;
	bag[M].from = X;
	bag[M].seq = R[X].lastin;   /* the archive acknowledged (informative) */
	bag[M].Ks[0] = R[X].K[0];
	bag[M].Ks[1] = R[X].K[1];
	printf("MSC: %d writes a receipt into bag[%d], K {%d,%d}\n", X, M, R[X].K[0], R[X].K[1]);
	R[X].nrcpt = R[X].nrcpt + 1;
	R[X].rdue = 0
}

inline clear_msg(M) {
	bag[M].used = 0;
	bag[M].kind = 0;
	bag[M].from = 0;
	bag[M].seq = 0;
	bag[M].Ks[0] = 0;
	bag[M].Ks[1] = 0;
	k = 0;
	do
	:: k < NS ->
		bag[M].e[k].p = 0;
		bag[M].e[k].c = 0;
		bag[M].e[k].by = 0;
		bag[M].e[k].ev = 0;
		bag[M].e[k].t = 0;
		bag[M].e[k].v[0] = 0;
		bag[M].e[k].v[1] = 0;
		bag[M].e[k].carried = 0;
		k++
	:: else -> break
	od
}

/* ---- the merge ("The merge") ------------------------------------------------- */

/* P2: the merge is about to write the sender's content of slot S. */
#define need(M, S) assert(bag[M].e[S].carried)

inline take(X, M, S) {
	R[X].f[S].p = 1;
	R[X].f[S].c = bag[M].e[S].c;
	R[X].f[S].by = bag[M].e[S].by;
	R[X].f[S].ev = bag[M].e[S].ev;
	R[X].f[S].t = bag[M].e[S].t;
	R[X].f[S].v[0] = bag[M].e[S].v[0];
	R[X].f[S].v[1] = bag[M].e[S].v[1]
}

/* The key that decides a conflict: "the later modification time, then the larger
 * SHA-256".  The content value c stands for that pair (any order that both replicas
 * compute alike is enough; nondeterministic contents explore every order).  With
 * TOUCH, a touched file's modification time is the newest: it wins.                 */
#if TOUCH
#define LKEY(X, S) (R[X].f[S].t * 16 + R[X].f[S].c)
#define SKEY(M, S) (bag[M].e[S].t * 16 + bag[M].e[S].c)
#else
#define LKEY(X, S) (R[X].f[S].c)
#define SKEY(M, S) (bag[M].e[S].c)
#endif

#if BUG == 4
/* BUG: the copy's name depends on who detects the conflict (its replica and its own
 * counter, standing for "the date of the conflict"), not on the losing version.   */
#define LOSERSLOT(X, LBY, LEV) COPYSLOT(X, MAX(1, R[X].K[X]))
#else
#define LOSERSLOT(X, LBY, LEV) COPYSLOT(LBY, LEV)
#endif

/* One path S of replica X against the sender's entry in archive M.  A conflict
 * (only possible at slot 0: a copy slot always holds one content) leaves the
 * losing version in pend* to be written as a conflict copy after the whole list. */
inline merge_slot(X, M, S) {
	lp = R[X].f[S].p;
	sp = bag[M].e[S].p;
	if
	:: lp && sp ->
		sle = LE(EV(M, S), FV(X, S));   /* Vs <= Vl */
		lse = LE(FV(X, S), EV(M, S));   /* Vl <= Vs */
		if
		:: sle -> skip                  /* keep: the sender's is the same or older */
		:: !sle && lse ->               /* take the sender's (the local one: trash) */
			if
			:: R[X].f[S].c != bag[M].e[S].c -> need(M, S)
			:: else -> skip
			fi;
			take(X, M, S)
#if !DOC_TABLE
		/* Concurrent versions that one side has already seen (see README,
		 * "the concurrent rows"): INTEGRATION.md's table goes straight to a
		 * conflict; the model first asks, as for an absent file, whether each
		 * side saw the other's version and no longer holds it.               */
		:: !sle && !lse && LE(EV(M, S), KV(X)) && LE(FV(X, S), KS(M)) ->
			/* each saw the other's and dropped it: deleted on both sides */
			R[X].f[S].p = 0
		:: !sle && !lse && LE(EV(M, S), KV(X)) && !LE(FV(X, S), KS(M)) ->
			skip    /* the sender's was seen here and dropped: keep */
		:: !sle && !lse && !LE(EV(M, S), KV(X)) && LE(FV(X, S), KS(M)) ->
			/* the sender saw the local one and replaced it: take */
			if
			:: R[X].f[S].c != bag[M].e[S].c -> need(M, S)
			:: else -> skip
			fi;
			take(X, M, S)
#endif
		:: !sle && !lse && R[X].f[S].c == bag[M].e[S].c ->
			/* concurrent, same content: keep; version Vl v Vs */
			R[X].f[S].v[0] = MAX(R[X].f[S].v[0], bag[M].e[S].v[0]);
			R[X].f[S].v[1] = MAX(R[X].f[S].v[1], bag[M].e[S].v[1])
		:: else ->
			/* concurrent, different: conflict.  The winner stays at the path
			 * with Vl v Vs, the loser becomes a conflict copy with Vl v Vs.   */
			assert(S == 0);
			jv0 = MAX(R[X].f[S].v[0], bag[M].e[S].v[0]);
			jv1 = MAX(R[X].f[S].v[1], bag[M].e[S].v[1]);
			pend = 1;
			pv0 = jv0;
			pv1 = jv1;
#if BUG == 3
			/* BUG: the copy keeps the loser's own version. */
			sw = (SKEY(M, S) > LKEY(X, S));
			if
			:: sw -> pv0 = R[X].f[S].v[0]; pv1 = R[X].f[S].v[1]
			:: else -> pv0 = bag[M].e[S].v[0]; pv1 = bag[M].e[S].v[1]
			fi;
#endif
			need(M, S);    /* either way the sender's content is written */
			if
			:: SKEY(M, S) > LKEY(X, S) ->
				/* the sender's wins; the local file becomes the copy */
				pc = R[X].f[S].c;
				pby = R[X].f[S].by;
				pev = R[X].f[S].ev;
				pt = R[X].f[S].t;
				take(X, M, S)
			:: else ->
				/* the local file wins; the sender's becomes the copy */
				pc = bag[M].e[S].c;
				pby = bag[M].e[S].by;
				pev = bag[M].e[S].ev;
				pt = bag[M].e[S].t
			fi;
			assert(pev >= 1);    /* the initial version is never concurrent */
			pkey = LOSERSLOT(X, pby, pev);
			R[X].f[S].v[0] = jv0;
			R[X].f[S].v[1] = jv1
		fi
	:: lp && !sp ->
#if BUG == 1
		/* BUG: absent from the sender's list, so deleted there */
		R[X].f[S].p = 0
#else
		if
		:: LE(FV(X, S), KS(M)) -> R[X].f[S].p = 0  /* seen and deleted there */
		:: else -> skip      /* new here, or modified here and deleted there */
		fi
#endif
	:: !lp && sp ->
		if
		:: LE(EV(M, S), KV(X)) -> skip    /* seen and deleted here: stays deleted */
		:: else -> need(M, S); take(X, M, S)          /* add */
		fi
	:: else -> skip
	fi
}

/* The conflict copy, after the whole state list was merged: the copy's path may
 * already be here (the sender met the same conflict and its list had it): then it
 * holds the same content, and the versions are joined.                            */
inline write_copy(X) {
	if
	:: pend ->
		if
		:: R[X].f[pkey].p ->
#if BUG != 4
			assert(R[X].f[pkey].c == pc);
#endif
			R[X].f[pkey].v[0] = MAX(R[X].f[pkey].v[0], pv0);
			R[X].f[pkey].v[1] = MAX(R[X].f[pkey].v[1], pv1)
		:: else ->
			R[X].f[pkey].p = 1;
			R[X].f[pkey].c = pc;
			R[X].f[pkey].by = pby;
			R[X].f[pkey].ev = pev;
			R[X].f[pkey].t = pt;
			R[X].f[pkey].v[0] = pv0;
			R[X].f[pkey].v[1] = pv1
		fi
	:: else -> skip
	fi;
	pend = 0
}

inline same_replica(X) {
	ok = (R[X].K[0] == sK[0] && R[X].K[1] == sK[1] &&
	      R[X].A[0] == sA[0] && R[X].A[1] == sA[1] &&
	      R[X].seq == sseq && R[X].lastin == slast && R[X].rdue == srdue);
	k = 0;
	do
	:: k < NS ->
		ok = (ok && R[X].f[k].p == sfp[k] && R[X].f[k].c == sfc[k] &&
		      R[X].f[k].by == sfby[k] && R[X].f[k].ev == sfev[k] &&
		      R[X].f[k].t == sft[k] &&
		      R[X].f[k].v[0] == sfv0[k] && R[X].f[k].v[1] == sfv1[k]);
		k++
	:: else -> break
	od
}

inline take_snapshot(X) {
	sK[0] = R[X].K[0]; sK[1] = R[X].K[1];
	sA[0] = R[X].A[0]; sA[1] = R[X].A[1];
	sseq = R[X].seq; slast = R[X].lastin; srdue = R[X].rdue;
	k = 0;
	do
	:: k < NS ->
		sfp[k] = R[X].f[k].p; sfc[k] = R[X].f[k].c;
		sfby[k] = R[X].f[k].by; sfev[k] = R[X].f[k].ev; sft[k] = R[X].f[k].t;
		sfv0[k] = R[X].f[k].v[0]; sfv1[k] = R[X].f[k].v[1];
		k++
	:: else -> break
	od
}

/* For trails (spin -t): a replica's files, then a message's list. */
inline show_rep(X) {
	printf("MSC:   replica %d: K {%d,%d} A {%d,%d} lastin %d:", X,
	       R[X].K[0], R[X].K[1], R[X].A[0], R[X].A[1], R[X].lastin);
	k = 0;
	do
	:: k < NS ->
		if
		:: R[X].f[k].p -> printf(" [%d] c%d {%d,%d} by %d:%d t%d;", k, R[X].f[k].c,
		                         R[X].f[k].v[0], R[X].f[k].v[1], R[X].f[k].by,
		                         R[X].f[k].ev, R[X].f[k].t)
		:: else -> printf(" [%d] - {%d,%d};", k, R[X].f[k].v[0], R[X].f[k].v[1])
		fi;
		k++
	:: else -> break
	od;
	printf("\n")
}
inline show_msg(M) {
	printf("MSC:   message from %d #%d: Ks {%d,%d}:", bag[M].from, bag[M].seq,
	       bag[M].Ks[0], bag[M].Ks[1]);
	k = 0;
	do
	:: k < NS ->
		if
		:: bag[M].e[k].p -> printf(" [%d] c%d {%d,%d} by %d:%d t%d carried %d;", k,
		                           bag[M].e[k].c, bag[M].e[k].v[0], bag[M].e[k].v[1],
		                           bag[M].e[k].by, bag[M].e[k].ev, bag[M].e[k].t,
		                           bag[M].e[k].carried)
		:: else -> skip
		fi;
		k++
	:: else -> break
	od;
	printf("\n")
}

/* ---- apply ("The rules of apply") -------------------------------------------- */

/* Message M is delivered to the replica that did not send it. */
inline deliver(M) {
	q = 1 - bag[M].from;
	printf("MSC: bag[%d] (kind %d, #%d) delivered to %d\n", M, bag[M].kind, bag[M].seq, q);
	show_rep(q);
	show_msg(M);
	if
	:: bag[M].kind == RECEIPT ->
		/* what q's correspondent acknowledged, in its own signed word */
		R[q].A[0] = MAX(R[q].A[0], bag[M].Ks[0]);
		R[q].A[1] = MAX(R[q].A[1], bag[M].Ks[1])
	:: else ->
		/* Once: a sequence number not above the last one integrated from that
		 * replica is stale (or a duplicate): refused, nothing changes.        */
#if BUG == 5
		stale = 0;
#else
		stale = (bag[M].seq <= R[q].lastin);
#endif
		take_snapshot(q);
		if
		:: !stale ->
			pend = 0;
			i = 0;
			do
			:: i < NS -> merge_slot(q, M, i); i++
			:: else -> break
			od;
			write_copy(q);
			R[q].K[0] = MAX(R[q].K[0], bag[M].Ks[0]);
			R[q].K[1] = MAX(R[q].K[1], bag[M].Ks[1]);
			R[q].A[0] = MAX(R[q].A[0], bag[M].Ks[0]);
			R[q].A[1] = MAX(R[q].A[1], bag[M].Ks[1]);
			R[q].lastin = MAX(R[q].lastin, bag[M].seq);
			R[q].rdue = 1
		:: else -> skip
		fi;
		same_replica(q);
		assert(!stale || ok)      /* P4 */
	fi;
	show_rep(q);
	check_lost()
}

/* ---- the world: edits, packs, the postman ------------------------------------ */

#define CAN_EDIT(X) (R[X].K[X] < E)

#define MODIFY(X, C) \
	:: d_step { C <= NC && CAN_EDIT(X) && R[X].f[0].p && R[X].f[0].c != C -> \
	            write_path(X, C); skip }
#define CREATE(X, C) \
	:: d_step { C <= NC && CAN_EDIT(X) && !R[X].f[0].p -> write_path(X, C); skip }
#define DELETE(X, S) \
	:: d_step { S < NS && CAN_EDIT(X) && R[X].f[S].p -> delete_slot(X, S); skip }
#define TOUCHF(X) \
	:: d_step { TOUCH && !R[X].touched && R[X].f[0].p && !R[X].f[0].t -> \
	            R[X].touched = 1; R[X].f[0].t = 1; skip }

/* Pack into the first free entry of the bag. */
#define FREE_ENTRY \
	k = 0; \
	do \
	:: k < MAXMSG && bag[k].used -> k++ \
	:: else -> break \
	od
#define HAS_FREE (!bag[0].used || (MAXMSG > 1 && !bag[1].used) || \
	          (MAXMSG > 2 && !bag[2].used) || (MAXMSG > 3 && !bag[3].used))
#define PACK(X, FULL) \
	:: d_step { R[X].seq < MAXPACK && HAS_FREE -> FREE_ENTRY; n = k; pack(X, FULL, n); skip }
#define RECEIPT_TO_BAG(X) \
	:: d_step { R[X].rdue && R[X].nrcpt < MAXRCPT && HAS_FREE -> \
	            FREE_ENTRY; n = k; receipt(X, n); skip }

/* The postman: deliver an archive or receipt and forget it, deliver it and keep a
 * copy (duplication, delivery again later), or lose it.  Any entry at any time:
 * reordering.                                                                     */
#define POST(M) \
	:: d_step { M < MAXMSG && bag[M].used -> deliver(M); clear_msg(M); skip } \
	:: d_step { M < MAXMSG && bag[M].used -> deliver(M); skip } \
	:: d_step { M < MAXMSG && bag[M].used -> \
	            printf("MSC: bag[%d] lost\n", M); clear_msg(M); skip }

/* The final phase: one lossless archive from `from` to the other replica. */
inline final_transfer(X) {
	if
	:: fl = 0
	:: fl = 1
	fi;
	d_step {
		pack(X, fl, SCRATCH);
		deliver(SCRATCH);
		clear_msg(SCRATCH);
		fl = 0
	}
}

active proctype world()
{
	bit fl;    /* the final phase: full or changes archive */

	/* Both replicas start with the file at its initial content and the empty version
	 * (as after the first full archive, or a migration: known to everyone).        */
	d_step {
		R[0].f[0].p = 1;
		R[1].f[0].p = 1;
		G[0].kind = GCONTENT;
		G[0].slot = 0;
		G[0].c = 0
	};

	do
	MODIFY(0, 1) MODIFY(0, 2) MODIFY(0, 3)
	MODIFY(1, 1) MODIFY(1, 2) MODIFY(1, 3)
	CREATE(0, 1) CREATE(0, 2) CREATE(0, 3)
	CREATE(1, 1) CREATE(1, 2) CREATE(1, 3)
	DELETE(0, 0) DELETE(0, 1) DELETE(0, 2) DELETE(0, 3) DELETE(0, 4)
	DELETE(0, 5) DELETE(0, 6)
	DELETE(1, 0) DELETE(1, 1) DELETE(1, 2) DELETE(1, 3) DELETE(1, 4)
	DELETE(1, 5) DELETE(1, 6)
	TOUCHF(0) TOUCHF(1)
	PACK(0, 0) PACK(0, 1) PACK(1, 0) PACK(1, 1)
	RECEIPT_TO_BAG(0) RECEIPT_TO_BAG(1)
	POST(0) POST(1) POST(2) POST(3)
	:: break   /* stop editing: the final phase */
	od;

	/* P3: after archives went both ways without loss, the replicas are equal. */
	final_transfer(0);
	final_transfer(1);
	final_transfer(0);
	d_step {
		assert(R[0].K[0] == R[1].K[0] && R[0].K[1] == R[1].K[1]);
		k = 0;
		do
		:: k < NS ->
			assert(R[0].f[k].p == R[1].f[k].p);
			assert(!R[0].f[k].p ||
			       (R[0].f[k].c == R[1].f[k].c &&
			        R[0].f[k].v[0] == R[1].f[k].v[0] &&
			        R[0].f[k].v[1] == R[1].f[k].v[1]));
			k++
		:: else -> break
		od
	}
}
