/*
 * exchange.pml -- a Promela model of sacoche's exchange protocol, checked
 * exhaustively with spin (docs/INTEGRATION.md: "Words", "Noticing local changes",
 * "What an archive carries", "The rules of apply", "The merge", "What this
 * guarantees").  model/README.md says what it covers, what it abstracts, the exact
 * properties and how to run it; tests/model.rs runs it.
 *
 * Two replicas of one dossier (0 = the farmer's folder, 1 = the accountant's copy)
 * edit one file, pack archives (full or changes) and receipts into a postman's bag
 * that loses, duplicates and reorders them, and integrate what they receive.
 *
 * The whole world is one process.  Each step is one atomic sequence: check the
 * state reached (once per state: nothing inside the sequence is stored), choose an
 * action, perform it in one d_step.  The states stored are exactly the reachable
 * protocol states, and every one of them is checked:
 *   P0  every version a replica holds is within its knowledge     (check_all)
 *   P1  no silent lost update                                      (check_all)
 *   P2  the merge never needs a content the archive did not carry  (need)
 *   P3  convergence: from every reachable state, archives going
 *       0 -> 1, 1 -> 0, 0 -> 1 (and 1 -> 0, 0 -> 1, 1 -> 0) without
 *       loss leave both replicas equal                             (probe)
 *   P4  a refused (stale or duplicate) archive changes nothing, and
 *       every archive delivered twice is refused the second time   (deliver)
 *   P5  a deletion, once integrated, is never undone by the version
 *       it deleted or an older one                                 (check_all)
 *
 * Switches (spin -DNAME=value ...):
 *   DOC_TABLE=1  the merge table exactly as INTEGRATION.md writes it: two
 *                concurrent versions are always a conflict, even when one side
 *                has already seen (and dropped) the other's version
 *   DOC_JOIN=1   a conflict gives the winner and the copy the version Vl v Vs
 *                exactly, as INTEGRATION.md says, without a new event of the
 *                replica that resolved it
 *   DOC=1        both: the protocol exactly as INTEGRATION.md describes it
 *                (spin refutes it; see model/README.md for the two traces)
 *   BUG=1  the merge deletes a local file absent from the sender's list without
 *          checking Vl <= Ks ("modified here, deleted there" is lost)
 *   BUG=2  the sender assumes at pack time that the other side will integrate
 *          what it sent (A := its own knowledge): the first design's mistake
 *   BUG=3  a conflict copy keeps the loser's own version instead of the join
 *   Not bugs (spin finds no violation with them; see model/README.md):
 *   COPY_NAME_BY_DETECTOR=1  a conflict copy is named after the replica that
 *          detects the conflict and when, not after the losing version
 *   NO_ONCE=1  no "Once" rule: stale and duplicate archives are merged again
 *   TOUCH=1  a local "touch" (same content, newer modification time: no event, as
 *          INTEGRATION.md says) changes the key that decides conflicts, i.e. the
 *          winner is decided on the current on-disk modification time
 *   PROBE_QUIET=0  print the convergence probes in trails too
 *   E, NC, MAXPACK, MAXRCPT, MAXMSG: the bounds below
 */

#ifndef BUG
#define BUG 0
#endif
#ifndef TOUCH
#define TOUCH 0
#endif
#ifndef DOC
#define DOC 0
#endif
#ifndef DOC_TABLE
#define DOC_TABLE DOC
#endif
#ifndef DOC_JOIN
#define DOC_JOIN DOC
#endif
#ifndef COPY_NAME_BY_DETECTOR
#define COPY_NAME_BY_DETECTOR 0
#endif
#ifndef NO_ONCE
#define NO_ONCE 0
#endif
#ifndef PROBES
#define PROBES 2     /* convergence probes: from 0 first, then from 1 first           */
#endif
#ifndef FULLS
#define FULLS 1      /* full archives in the bag (0: changes archives only)           */
#endif
#ifndef PROBE_QUIET
#define PROBE_QUIET 1
#endif

/* ---- bounds ------------------------------------------------------------------ */
#ifndef E
#define E 2          /* local edits per replica                                       */
#endif
#ifndef NC
#define NC 2         /* contents an edit may write: 1..NC (0 = the initial content)   */
#endif
#ifndef MAXPACK
#define MAXPACK 2    /* archives each replica may pack (the probes' are extra)        */
#endif
#ifndef MAXRCPT
#define MAXRCPT 1    /* receipts each replica may write                               */
#endif
#ifndef MAXMSG
#define MAXMSG 2     /* archives and receipts in the postman's bag at once (1..4)     */
#endif
#define MAXEV 12     /* sanity bound on event counters (edits + conflict events)      */

/*
 * Slots.  The dossier has one real path, slot 0.  A conflict copy is another path,
 * named in sacoche after its author and date ("... (conflit Cabinet Dupont
 * 28-10-2020).txt"); here it is named after the losing file's author `by` and
 * `ev`, the author's edit number, standing for its date: they identify the edit
 * that wrote that content.  The copy of the content written by replica b in its
 * m-th edit lives in slot COPYSLOT(b, m): both replicas that meet one conflict make
 * the same path.  Copies are ordinary files for the merge; locally they can only be
 * deleted (sacoche resolve): an edit of a copy is an edit of some path, which slot 0
 * already covers.
 */
#define NK (2*E)
#define NS (1+NK)
#define COPYSLOT(b, m) (1 + (b)*E + ((m) - 1))
#define SCRATCH MAXMSG   /* the bag entry used by the probes (never in the bag) */

#define ARCHIVE 0
#define RECEIPT 1

/* ---- records ----------------------------------------------------------------- */

/* One path in a replica's index.  Present or not; when absent, v is the version of
 * the last file there (its tombstone), which a later local addition joins.  c stands
 * for the SHA-256 (and size); by and ev name the edit that wrote this content (its
 * author, and the author's edit number standing for the modification date); t
 * (TOUCH only): touched since, its modification time is the newest.               */
typedef File {
	bit  p;
	byte c;
	bit  by;
	byte ev;
	bit  t;
	byte v[2]
}

/* One replica: its index, knowledge, what the other side acknowledged, sequence
 * numbers.  K[self] is the event counter: every local change is an event.         */
typedef Rep {
	File f[NS];
	byte K[2];      /* knowledge: integrated every change of q up to event K[q]     */
	byte A[2];      /* the knowledge the other replica acknowledged (signed word)   */
	byte seq;       /* the last sequence number this replica gave an archive        */
	byte lastin;    /* the last sequence number integrated from the other replica   */
	byte nrcpt;     /* receipts written (bound)                                     */
	byte nedit;     /* local edits made (bound)                                     */
	bit  touched    /* TOUCH: has touched its file (bound: once)                    */
}

/* One entry of an archive's state list; `carried`: its content is in `files`.  The
 * model keeps c even when not carried, so that the merge can be checked never to
 * write a content the archive did not carry (P2).                                  */
typedef Entry {
	bit  p;
	byte c;
	bit  by;
	byte ev;
	bit  t;
	byte v[2];
	bit  carried
}

/* A message in the postman's bag: an archive or a receipt.  Both are signed by their
 * sender; the model has no forger, so `from`, `seq`, `Ks` are what the sender wrote. */
typedef Msg {
	bit  used;
	bit  kind;
	bit  from;
	byte seq;
	byte Ks[2];     /* the sender's knowledge                                       */
	Entry e[NS]     /* archive: the sender's whole state list                       */
}

/* Ghost record of every local change (never read by the protocol), indexed by
 * author*E + its edit number (0 = the initial file, known to both replicas).
 * sup[y] = the first event of replica y that replaced or deleted a file holding this
 * content at a version descending from it: "a causally later action by someone who
 * had seen it".                                                                    */
#define GNONE    0
#define GCONTENT 1
#define GDELETE  2
#define NG (2*E+1)
#define GID(b, m) ((b)*E + (m))
typedef Ghost {
	byte kind;
	byte slot;      /* GDELETE: the slot deleted                                    */
	byte c;         /* GCONTENT: the content written                                */
	bit  by;        /* author                                                       */
	byte ev;        /* author's event                                               */
	byte v[2];      /* GCONTENT: the version made; GDELETE: the version deleted    */
	byte sup[2]
}

Rep   R[2];
Msg   bag[MAXMSG+1];
Ghost G[NG];

/* Scratch, always set before use inside one d_step: not part of the state. */
hidden byte i, k, g, q, n, lp, sp, sle, lse, ok, found, stale, rx, again, quiet;
hidden byte pend, pkey, pc, pby, pev, pt, pv0, pv1, jv0, jv1;
/* a replica before an integration (P4) */
hidden byte sK[2], sA[2], sseq, slast;
hidden byte sfp[NS], sfc[NS], sfby[NS], sfev[NS], sft[NS], sfv0[NS], sfv1[NS];
/* both replicas before a probe (P3), index x*NS + slot and x*2 + entry */
hidden byte bK[4], bA[4], bseq[2], blast[2];
hidden byte bfp[2*NS], bfc[2*NS], bfby[2*NS], bfev[2*NS], bft[2*NS];
hidden byte bfv0[2*NS], bfv1[2*NS];

#define LOG(...) if :: !quiet -> printf(__VA_ARGS__) :: else -> skip fi

/* ---- version vectors --------------------------------------------------------- */
/* LE(V, W): V <= W for two pairs such as FV(x, s), KV(x) (two levels for cpp).    */
#define LE(V, W) LE_(V, W)
#define LE_(a0, a1, b0, b1) ((a0) <= (b0) && (a1) <= (b1))
#define MAX(a, b) ((a) > (b) -> (a) : (b))
#define FV(X, S) R[X].f[S].v[0], R[X].f[S].v[1]     /* a local file's version      */
#define EV(M, S) bag[M].e[S].v[0], bag[M].e[S].v[1] /* a sender's entry's version  */
#define KV(X)    R[X].K[0], R[X].K[1]               /* a replica's knowledge       */
#define AV(X)    R[X].A[0], R[X].A[1]               /* what its correspondent acked */
#define KS(M)    bag[M].Ks[0], bag[M].Ks[1]         /* the sender's knowledge      */
#define GV(G_)   G[G_].v[0], G[G_].v[1]

/* ---- P0, P1, P5 -------------------------------------------------------------- */

inline check_all() {
	rx = 0;
	do
	:: rx < 2 ->
		assert(R[rx].K[rx] < MAXEV);
		k = 0;
		do
		:: k < NS ->
			/* P0 */
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
				 * within rx's knowledge).  Its content is at the path or in a
				 * conflict copy, at a version descending from g's; or some
				 * replica y that held it replaced or deleted it (sup[y]) and rx
				 * has integrated that event.                                    */
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
				/* P5: rx has integrated the deletion: it does not hold the
				 * deleted version, or an older one, at that path.              */
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

/* Slot S of replica X becomes absent.  What an absent path keeps is only the
 * tombstone version of the real path, which a later local addition joins; the
 * model clears everything else (a conflict copy is never added again locally), so
 * that states differing only in forgotten data are one state.                    */
inline drop(X, S) {
	R[X].f[S].p = 0;
	R[X].f[S].c = 0;
	R[X].f[S].by = 0;
	R[X].f[S].ev = 0;
	R[X].f[S].t = 0;
	if
	:: S != 0 -> R[X].f[S].v[0] = 0; R[X].f[S].v[1] = 0
	:: else -> skip
	fi
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
			   LE(GV(g), FV(X, S)) && G[g].sup[X] == 0 -> G[g].sup[X] = N
			:: else -> skip
			fi;
			g++
		:: else -> break
		od
	:: else -> skip
	fi
}

/* A modification of the file at the path (a new content C, not the current one: a
 * touched file is no change): a new event X:n, version V with V[X] = n.  Also an
 * addition at the absent path: {X:n} joined with the tombstone kept in v, so that it
 * supersedes the old deletion.  After any local change K[X] = the counter.        */
inline write_path(X, C) {
	n = R[X].K[X] + 1;
	supersede(X, 0, n);
	R[X].K[X] = n;
	R[X].nedit = R[X].nedit + 1;
	R[X].f[0].p = 1;
	R[X].f[0].c = C;
	R[X].f[0].by = X;
	R[X].f[0].ev = R[X].nedit;
	R[X].f[0].t = 0;
	R[X].f[0].v[X] = n;
	g = GID(X, R[X].nedit);
	G[g].kind = GCONTENT;
	G[g].slot = 0;
	G[g].c = C;
	G[g].by = X;
	G[g].ev = n;
	G[g].v[0] = R[X].f[0].v[0];
	G[g].v[1] = R[X].f[0].v[1];
	LOG("MSC: %d writes content %d at the path: event %d, version {%d,%d}\n",
	    X, C, n, R[X].f[0].v[0], R[X].f[0].v[1])
}

/* A deletion of slot S (the path, or a conflict copy: sacoche resolve): a new event;
 * the tombstone is the last version with X:n.                                      */
inline delete_slot(X, S) {
	n = R[X].K[X] + 1;
	supersede(X, S, n);
	R[X].nedit = R[X].nedit + 1;
	g = GID(X, R[X].nedit);
	G[g].kind = GDELETE;
	G[g].slot = S;
	G[g].by = X;
	G[g].ev = n;
	G[g].v[0] = R[X].f[S].v[0];
	G[g].v[1] = R[X].f[S].v[1];
	R[X].K[X] = n;
	R[X].f[S].v[X] = n;
	drop(X, S);
	LOG("MSC: %d deletes slot %d: event %d\n", X, S, n)
}

/* ---- pack ("What an archive carries") ---------------------------------------- */

/* Replica X packs an archive into bag entry M: its knowledge, its whole state list,
 * and the content of every file (FULL), or of those whose version the other side has
 * not acknowledged, V not <= A (a changes archive).                                */
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
		if
		:: R[X].f[k].p ->             /* absent paths are not in the list */
			bag[M].e[k].p = 1;
			bag[M].e[k].c = R[X].f[k].c;
			bag[M].e[k].by = R[X].f[k].by;
			bag[M].e[k].ev = R[X].f[k].ev;
			bag[M].e[k].t = R[X].f[k].t;
			bag[M].e[k].v[0] = R[X].f[k].v[0];
			bag[M].e[k].v[1] = R[X].f[k].v[1];
			bag[M].e[k].carried = (FULL || !LE(FV(X, k), AV(X)))
		:: else -> skip
		fi;
		k++
	:: else -> break
	od;
	LOG("MSC: %d packs archive #%d (full %d) into bag[%d], K {%d,%d}, A {%d,%d}\n",
	    X, R[X].seq, FULL, M, R[X].K[0], R[X].K[1], R[X].A[0], R[X].A[1]);
#if BUG == 2
	/* BUG: the "shared state": assume the other side integrates this archive. */
	R[X].A[0] = R[X].K[0];
	R[X].A[1] = R[X].K[1];
#endif
	skip
}

/* A receipt: a tiny signed archive without files: the receiver's knowledge. */
inline receipt(X, M) {
	bag[M].used = 1;
	bag[M].kind = RECEIPT;
	bag[M].from = X;
	bag[M].seq = R[X].lastin;   /* the archive acknowledged (informative only) */
	bag[M].Ks[0] = R[X].K[0];
	bag[M].Ks[1] = R[X].K[1];
	R[X].nrcpt = R[X].nrcpt + 1;
	LOG("MSC: %d writes a receipt into bag[%d], K {%d,%d}\n", X, M, R[X].K[0], R[X].K[1])
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

/* P2: the merge is about to write the sender's content of entry S. */
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

/* Take the sender's entry S; its content is needed unless the local one is equal. */
inline take_content(X, M, S) {
	if
	:: !R[X].f[S].p || R[X].f[S].c != bag[M].e[S].c -> need(M, S)
	:: else -> skip
	fi;
	take(X, M, S)
}

/* The key that decides a conflict: "the later modification time, then the larger
 * SHA-256".  The content value c stands for that pair (any order both replicas
 * compute alike will do; nondeterministic contents explore every order).  TOUCH: a
 * touched file's modification time is the newest, so it wins.                     */
#if TOUCH
#define LKEY(X, S) (R[X].f[S].t * 16 + R[X].f[S].c)
#define SKEY(M, S) (bag[M].e[S].t * 16 + bag[M].e[S].c)
#else
#define LKEY(X, S) (R[X].f[S].c)
#define SKEY(M, S) (bag[M].e[S].c)
#endif

#if COPY_NAME_BY_DETECTOR
/* The copy's name depends on who detects the conflict and when (its replica and
 * counter, standing for "the date of the conflict"), not on the loser.            */
#define LOSERSLOT(X, LBY, LEV) COPYSLOT(X, 1 + R[X].K[X] % E)
#else
#define LOSERSLOT(X, LBY, LEV) COPYSLOT(LBY, LEV)
#endif

#define DIFF(X, M, S) (R[X].f[S].c != bag[M].e[S].c)

/* One path S of replica X against the sender's entry in archive M.  A conflict
 * (only possible at slot 0: a copy's path always holds one content) leaves the
 * losing file in pend* to be written as a conflict copy after the whole list.     */
inline merge_slot(X, M, S) {
	lp = R[X].f[S].p;
	sp = bag[M].e[S].p;
	if
	:: lp && sp ->
		sle = LE(EV(M, S), FV(X, S));   /* Vs <= Vl */
		lse = LE(FV(X, S), EV(M, S));   /* Vl <= Vs */
		if
		:: sle -> skip                  /* keep: the sender's is the same or older */
		:: !sle && lse -> take_content(X, M, S)   /* take (the local one: trash)    */
		:: !sle && !lse && !DIFF(X, M, S) ->
			/* concurrent, same content: keep; version Vl v Vs */
			R[X].f[S].v[0] = MAX(R[X].f[S].v[0], bag[M].e[S].v[0]);
			R[X].f[S].v[1] = MAX(R[X].f[S].v[1], bag[M].e[S].v[1])
#if !DOC_TABLE
		/* Concurrent and different, and one side has already seen the other's
		 * version (README, "Finding 1"): INTEGRATION.md goes straight to a
		 * conflict.  Ask first, as for an absent file, whether each side saw the
		 * other's version and no longer holds it.                              */
		:: !sle && !lse && DIFF(X, M, S) && LE(EV(M, S), KV(X)) && LE(FV(X, S), KS(M)) ->
			drop(X, S)                  /* each dropped the other's: deleted */
		:: !sle && !lse && DIFF(X, M, S) && LE(EV(M, S), KV(X)) && !LE(FV(X, S), KS(M)) ->
			skip                        /* the sender's was dropped here: keep */
		:: !sle && !lse && DIFF(X, M, S) && !LE(EV(M, S), KV(X)) && LE(FV(X, S), KS(M)) ->
			take_content(X, M, S)       /* the sender dropped the local one: take */
#endif
		:: else ->
			/* Concurrent, different: a conflict.  The winner stays at the path,
			 * the loser becomes a conflict copy, both with Vl v Vs (and, unless
			 * DOC_JOIN, a new event of this replica: README, "Finding 2").     */
			assert(S == 0);
			jv0 = MAX(R[X].f[S].v[0], bag[M].e[S].v[0]);
			jv1 = MAX(R[X].f[S].v[1], bag[M].e[S].v[1]);
#if !DOC_JOIN
			n = R[X].K[X] + 1;
			R[X].K[X] = n;
			if
			:: X == 0 -> jv0 = n
			:: else -> jv1 = n
			fi;
#endif
			need(M, S);    /* the sender's content is written, at the path or aside */
			pend = 1;
			if
			:: SKEY(M, S) > LKEY(X, S) ->
				/* the sender's wins; the local file becomes the copy */
				pc = R[X].f[S].c; pby = R[X].f[S].by; pev = R[X].f[S].ev;
				pt = R[X].f[S].t; pv0 = R[X].f[S].v[0]; pv1 = R[X].f[S].v[1];
				take(X, M, S)
			:: else ->
				/* the local file wins; the sender's becomes the copy */
				pc = bag[M].e[S].c; pby = bag[M].e[S].by; pev = bag[M].e[S].ev;
				pt = bag[M].e[S].t; pv0 = bag[M].e[S].v[0]; pv1 = bag[M].e[S].v[1]
			fi;
#if BUG != 3
			pv0 = jv0;    /* (BUG 3: the copy keeps the loser's own version) */
			pv1 = jv1;
#endif
			assert(pev >= 1);    /* the initial version is never concurrent */
			pkey = LOSERSLOT(X, pby, pev);
			LOG("MSC:   conflict at %d: content %d wins, content %d aside in slot %d\n",
			    X, R[X].f[S].c, pc, pkey);
			R[X].f[S].v[0] = jv0;
			R[X].f[S].v[1] = jv1
		fi
	:: lp && !sp ->
#if BUG == 1
		drop(X, S)             /* BUG: absent from the sender's list, so deleted */
#else
		if
		:: LE(FV(X, S), KS(M)) -> drop(X, S)  /* seen and deleted there */
		:: else -> skip      /* new here, or modified here and deleted there */
		fi
#endif
	:: !lp && sp ->
		if
		:: LE(EV(M, S), KV(X)) -> skip    /* seen and deleted here: stays deleted */
		:: else -> take_content(X, M, S)  /* add                                  */
		fi
	:: else -> skip
	fi
}

/* The conflict copy, once the whole list is merged.  Its path may already be here
 * (the sender met the same conflict and listed the copy): the same content then, and
 * the versions are joined.                                                        */
inline write_copy(X) {
	if
	:: pend && R[X].f[pkey].p ->
#if !COPY_NAME_BY_DETECTOR
		assert(R[X].f[pkey].c == pc);
#endif
		R[X].f[pkey].v[0] = MAX(R[X].f[pkey].v[0], pv0);
		R[X].f[pkey].v[1] = MAX(R[X].f[pkey].v[1], pv1)
	:: pend && !R[X].f[pkey].p ->
		R[X].f[pkey].p = 1;
		R[X].f[pkey].c = pc;
		R[X].f[pkey].by = pby;
		R[X].f[pkey].ev = pev;
		R[X].f[pkey].t = pt;
		R[X].f[pkey].v[0] = pv0;
		R[X].f[pkey].v[1] = pv1
	:: else -> skip
	fi;
	pend = 0
}

/* ---- P4 ------------------------------------------------------------------------ */

inline take_snapshot(X) {
	sK[0] = R[X].K[0]; sK[1] = R[X].K[1];
	sA[0] = R[X].A[0]; sA[1] = R[X].A[1];
	sseq = R[X].seq; slast = R[X].lastin;
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

inline same_as_snapshot(X) {
	ok = (R[X].K[0] == sK[0] && R[X].K[1] == sK[1] &&
	      R[X].A[0] == sA[0] && R[X].A[1] == sA[1] &&
	      R[X].seq == sseq && R[X].lastin == slast);
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

/* For trails (spin -t): a replica's files, and a message's list. */
inline show_rep(X) {
	LOG("MSC:   replica %d: K {%d,%d} A {%d,%d} lastin %d:", X,
	    R[X].K[0], R[X].K[1], R[X].A[0], R[X].A[1], R[X].lastin);
	k = 0;
	do
	:: k < NS ->
		if
		:: R[X].f[k].p -> LOG(" [%d] c%d {%d,%d} by %d:%d t%d;", k, R[X].f[k].c,
		                      R[X].f[k].v[0], R[X].f[k].v[1], R[X].f[k].by,
		                      R[X].f[k].ev, R[X].f[k].t)
		:: !R[X].f[k].p && (R[X].f[k].v[0] || R[X].f[k].v[1]) ->
			LOG(" [%d] deleted {%d,%d};", k, R[X].f[k].v[0], R[X].f[k].v[1])
		:: else -> skip
		fi;
		k++
	:: else -> break
	od;
	LOG("\n")
}

inline show_msg(M) {
	LOG("MSC:   archive from %d #%d: Ks {%d,%d}:", bag[M].from, bag[M].seq,
	    bag[M].Ks[0], bag[M].Ks[1]);
	k = 0;
	do
	:: k < NS ->
		if
		:: bag[M].e[k].p -> LOG(" [%d] c%d {%d,%d} by %d:%d t%d carried %d;", k,
		                        bag[M].e[k].c, bag[M].e[k].v[0], bag[M].e[k].v[1],
		                        bag[M].e[k].by, bag[M].e[k].ev, bag[M].e[k].t,
		                        bag[M].e[k].carried)
		:: else -> skip
		fi;
		k++
	:: else -> break
	od;
	LOG("\n")
}

/* ---- apply ("The rules of apply") -------------------------------------------- */

/* Message M is delivered to the replica that did not send it.  again = 1: the same
 * message again, right after (a duplicate): it must be refused and change nothing. */
inline deliver(M) {
	q = 1 - bag[M].from;
	if
	:: bag[M].kind == RECEIPT ->
		/* what q's correspondent acknowledged, in its own signed word */
		R[q].A[0] = MAX(R[q].A[0], bag[M].Ks[0]);
		R[q].A[1] = MAX(R[q].A[1], bag[M].Ks[1]);
		LOG("MSC: receipt from %d delivered: A of %d = {%d,%d}\n", bag[M].from, q,
		    R[q].A[0], R[q].A[1])
	:: else ->
		/* Once: a sequence number not above the last one integrated from that
		 * replica is stale (or a duplicate): refused, nothing changes.        */
#if NO_ONCE
		stale = 0;
#else
		stale = (bag[M].seq <= R[q].lastin);
		assert(!again || stale);
#endif
		take_snapshot(q);
		if
		:: !stale ->
			LOG("MSC: archive #%d of %d delivered to %d\n", bag[M].seq, bag[M].from, q);
			show_rep(q);
			show_msg(M);
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
			show_rep(q)
		:: else -> skip
		fi;
		same_as_snapshot(q);
		assert(!stale || ok)      /* P4 */
	fi
}

/* ---- P3: the convergence probe ----------------------------------------------- */

inline save_both() {
	rx = 0;
	do
	:: rx < 2 ->
		bK[2*rx] = R[rx].K[0]; bK[2*rx+1] = R[rx].K[1];
		bA[2*rx] = R[rx].A[0]; bA[2*rx+1] = R[rx].A[1];
		bseq[rx] = R[rx].seq; blast[rx] = R[rx].lastin;
		k = 0;
		do
		:: k < NS ->
			bfp[rx*NS+k] = R[rx].f[k].p; bfc[rx*NS+k] = R[rx].f[k].c;
			bfby[rx*NS+k] = R[rx].f[k].by; bfev[rx*NS+k] = R[rx].f[k].ev;
			bft[rx*NS+k] = R[rx].f[k].t;
			bfv0[rx*NS+k] = R[rx].f[k].v[0]; bfv1[rx*NS+k] = R[rx].f[k].v[1];
			k++
		:: else -> break
		od;
		rx++
	:: else -> break
	od
}

inline restore_both() {
	rx = 0;
	do
	:: rx < 2 ->
		R[rx].K[0] = bK[2*rx]; R[rx].K[1] = bK[2*rx+1];
		R[rx].A[0] = bA[2*rx]; R[rx].A[1] = bA[2*rx+1];
		R[rx].seq = bseq[rx]; R[rx].lastin = blast[rx];
		k = 0;
		do
		:: k < NS ->
			R[rx].f[k].p = bfp[rx*NS+k]; R[rx].f[k].c = bfc[rx*NS+k];
			R[rx].f[k].by = bfby[rx*NS+k]; R[rx].f[k].ev = bfev[rx*NS+k];
			R[rx].f[k].t = bft[rx*NS+k];
			R[rx].f[k].v[0] = bfv0[rx*NS+k]; R[rx].f[k].v[1] = bfv1[rx*NS+k];
			k++
		:: else -> break
		od;
		rx++
	:: else -> break
	od
}

/* From the current state, without storing anything: lossless changes archives go
 * X -> Y, Y -> X, X -> Y (with every other message still in the bag), for X = 0 and
 * X = 1; then both replicas hold the same paths, with the same contents and
 * versions, and the same knowledge.  The state is restored after each probe.  (A
 * full archive carries more and merges alike -- the carried flags do not change
 * the merge -- so changes archives are the stronger test of P2.)                 */
hidden byte pr, st, px;
inline checks() {
	check_all();
	pr = 0;
	do
	:: pr < PROBES ->
		save_both();
		quiet = PROBE_QUIET;
		LOG("MSC: -- probe: %d -> %d -> %d -> %d --\n", pr, 1 - pr, pr, 1 - pr);
		st = 0;
		do
		:: st < 3 ->
			px = (pr + st) % 2;
			pack(px, 0, SCRATCH);
			deliver(SCRATCH);
			clear_msg(SCRATCH);
			st++
		:: else -> break
		od;
		check_all();
		/* P3 */
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
		od;
		quiet = 0;
		restore_both();
		pr++
	:: else -> break
	od
}

/* ---- the world: edits, packs, the postman ------------------------------------ */

/* The bag is a set: keep it sorted (used entries first, by sender, kind and
 * sequence number, which are unique), so that two orders of one set are one state. */
#define MKEY(M) (bag[M].used -> bag[M].from * 64 + bag[M].kind * 32 + bag[M].seq : 255)
hidden byte tmp, m1, m2;
#define swap_field(F) tmp = bag[m1].F; bag[m1].F = bag[m2].F; bag[m2].F = tmp
inline swap_msgs() {
	swap_field(used); swap_field(kind); swap_field(from); swap_field(seq);
	swap_field(Ks[0]); swap_field(Ks[1]);
	k = 0;
	do
	:: k < NS ->
		swap_field(e[k].p); swap_field(e[k].c); swap_field(e[k].by);
		swap_field(e[k].ev); swap_field(e[k].t); swap_field(e[k].v[0]);
		swap_field(e[k].v[1]); swap_field(e[k].carried);
		k++
	:: else -> break
	od
}
inline sort_bag() {
	m1 = 0;
	do
	:: m1 + 1 < MAXMSG ->
		m2 = m1 + 1;
		do
		:: m2 < MAXMSG ->
			if
			:: MKEY(m1) > MKEY(m2) -> swap_msgs()
			:: else -> skip
			fi;
			m2++
		:: else -> break
		od;
		m1++
	:: else -> break
	od
}

/* Pack into the first free entry of the bag. */
#define HAS_FREE (!bag[0].used || (MAXMSG > 1 && !bag[1].used) || \
	          (MAXMSG > 2 && !bag[2].used) || (MAXMSG > 3 && !bag[3].used))
inline free_entry() {
	n = 0;
	do
	:: n < MAXMSG && bag[n].used -> n++
	:: else -> break
	od
}

/* The actions.  Each step of the world chooses one (with its guard), then performs
 * it and the checks in one d_step: the choice variables are back to 0 in every
 * stored state.                                                                   */
#define A_WRITE   1   /* modify the file at the path, or add it: content ac        */
#define A_DELETE  2   /* delete slot am (the path or a conflict copy)              */
#define A_TOUCH   3   /* TOUCH: touch the file at the path                         */
#define A_PACK    4   /* pack an archive (ac = 1: full) into the bag               */
#define A_DELIVER 5   /* deliver bag[am] (twice: a duplicate), forget it           */
#define A_REPLY   6   /* deliver archive bag[am] (twice), a receipt in its place   */
#define A_LOSE    7   /* lose bag[am]                                              */

#define CAN_EDIT(X) (R[X].nedit < E)
#define MODIFY(X, C) \
	:: C <= NC && CAN_EDIT(X) && R[X].f[0].p && R[X].f[0].c != C -> \
	   act = A_WRITE; ax = X; ac = C
#define CREATE(X, C) \
	:: C <= NC && CAN_EDIT(X) && !R[X].f[0].p -> act = A_WRITE; ax = X; ac = C
#define DELETE(X, S) \
	:: S < NS && CAN_EDIT(X) && R[X].f[S].p -> act = A_DELETE; ax = X; am = S
#define TOUCHF(X) \
	:: TOUCH && !R[X].touched && R[X].f[0].p && !R[X].f[0].t -> act = A_TOUCH; ax = X
#define PACK(X, FULL) \
	:: (FULLS || !FULL) && R[X].seq < MAXPACK && HAS_FREE -> \
	   act = A_PACK; ax = X; ac = FULL
/* The postman, on any entry at any time (reordering): deliver it -- and at once
 * deliver it again, a duplicate that must be refused (P4) -- or lose it.  A
 * duplicate delivered later is a stale archive, which reordering already covers.
 * Delivering an archive may also put the receiver's receipt into the bag, in the
 * archive's place ("apply ... writes one after every integration or refusal, next
 * to the archive (a USB stick goes back with it)"); receipts are then lost,
 * delayed and reordered like any message.                                        */
#define POST(M) \
	:: M < MAXMSG && bag[M].used -> act = A_DELIVER; am = M \
	:: M < MAXMSG && bag[M].used && bag[M].kind == ARCHIVE && \
	   R[1 - bag[M].from].nrcpt < MAXRCPT -> act = A_REPLY; am = M \
	:: M < MAXMSG && bag[M].used -> act = A_LOSE; am = M

active proctype world()
{
	byte act, ax, ac, am;   /* the action chosen, and its arguments */

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
	:: atomic {
		/* The checks, once per state reached (the state after a step is expanded
		 * once: what follows in this atomic sequence is never stored). */
		d_step { checks(); skip };
		if
		MODIFY(0, 1) MODIFY(0, 2) MODIFY(0, 3)
		MODIFY(1, 1) MODIFY(1, 2) MODIFY(1, 3)
		CREATE(0, 1) CREATE(0, 2) CREATE(0, 3)
		CREATE(1, 1) CREATE(1, 2) CREATE(1, 3)
		DELETE(0, 0) DELETE(0, 1) DELETE(0, 2) DELETE(0, 3) DELETE(0, 4)
		DELETE(0, 5) DELETE(0, 6) DELETE(0, 7) DELETE(0, 8)
		DELETE(1, 0) DELETE(1, 1) DELETE(1, 2) DELETE(1, 3) DELETE(1, 4)
		DELETE(1, 5) DELETE(1, 6) DELETE(1, 7) DELETE(1, 8)
		TOUCHF(0) TOUCHF(1)
		PACK(0, 0) PACK(0, 1) PACK(1, 0) PACK(1, 1)
		POST(0) POST(1) POST(2) POST(3)
		:: else -> skip     /* nothing left to do: back to this same state */
		fi;
		d_step {
			if
			:: act == A_WRITE -> write_path(ax, ac)
			:: act == A_DELETE -> delete_slot(ax, am)
			:: act == A_TOUCH ->
				R[ax].touched = 1;
				R[ax].f[0].t = 1;
				LOG("MSC: %d touches its file\n", ax)
			:: act == A_PACK -> free_entry(); pack(ax, ac, n)
			:: act == A_DELIVER || act == A_REPLY ->
				again = 0;
				do
				:: again < 2 -> deliver(am); again++
				:: else -> break
				od;
				again = 0;
				ax = 1 - bag[am].from;
				clear_msg(am);
				if
				:: act == A_REPLY -> receipt(ax, am)
				:: else -> skip
				fi
			:: act == A_LOSE ->
				LOG("MSC: bag[%d] lost\n", am);
				clear_msg(am)
			:: else -> skip
			fi;
			if
			:: act != 0 -> show_rep(0); show_rep(1)
			:: else -> skip
			fi;
			sort_bag();
			act = 0; ax = 0; ac = 0; am = 0
		}
	}
	od
}
