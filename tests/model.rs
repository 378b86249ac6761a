//! The Promela model of the exchange protocol (`model/exchange.pml`), checked
//! exhaustively with spin: the protocol verifies (no silent lost update, every content
//! the merge needs is carried, convergence after a lossless exchange both ways,
//! refusals change nothing), and the same model with a known bug switched back on, or
//! with the merge rules exactly as `docs/INTEGRATION.md` first wrote them, yields a
//! counterexample, so that the check cannot pass vacuously.  `model/README.md` says
//! what the model covers and how to run it by hand.
//!
//! Needs `spin` and `gcc` on PATH (CI installs spin); without them each test says it
//! was skipped and passes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Is `tool` runnable (`tool flag` starts and exits successfully)?
fn available(tool: &str, flag: &str) -> bool {
    Command::new(tool)
        .arg(flag)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn tools_or_skip(test: &str) -> bool {
    if available("spin", "-V") && available("gcc", "--version") {
        true
    } else {
        println!("{test}: skipped: spin or gcc is not on PATH");
        false
    }
}

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("model/exchange.pml")
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Generates the verifier for the model with `defines` (spin -D...), compiles it with
/// `opt`, runs an exhaustive safety search; returns pan's report.
fn pan(defines: &[&str], opt: &str) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let work = dir.path();
    fs::copy(model(), work.join("exchange.pml")).unwrap_or_else(|e| panic!("{e}"));
    run(Command::new("spin")
        .arg("-a")
        .args(defines)
        .arg("exchange.pml")
        .current_dir(work));
    // SAFETY: assertions only (no never claim, no cycles); COLLAPSE: compressed state
    // vectors; MEMLIM: fail rather than swap (the search needs about 1.5 GB).
    run(Command::new("gcc")
        .args([opt, "-w", "-DSAFETY", "-DCOLLAPSE", "-DMEMLIM=3072"])
        .args(["-o", "pan", "pan.c"])
        .current_dir(work));
    // -m: a search depth far above the model's (about 50 steps), so that nothing is
    // cut off; -w24: the hash table size.
    let out = Command::new(work.join("pan"))
        .args(["-m100000", "-w24"])
        .current_dir(work)
        .output()
        .unwrap_or_else(|e| panic!("pan: {e}"));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for line in report.lines() {
        if line.contains("errors:")
            || line.contains("states, stored")
            || line.contains("elapsed time")
            || line.contains("assertion violated")
        {
            println!("{defines:?}: {}", line.trim());
        }
    }
    report
}

/// The number after `label` in pan's report, e.g. "errors: 0".
fn count_after(report: &str, label: &str) -> u64 {
    let at = report
        .find(label)
        .unwrap_or_else(|| panic!("no {label:?} in pan's report:\n{report}"));
    report[at + label.len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unreadable {label:?} in pan's report:\n{report}"))
}

/// The number before " states, stored".
fn states_stored(report: &str) -> u64 {
    report
        .lines()
        .find(|l| l.contains("states, stored"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no states stored in pan's report:\n{report}"))
}

/// The model with `defines` must fail, on an assertion whose text contains `expect`.
fn refuted(test: &str, defines: &[&str], expect: &str) {
    if !tools_or_skip(test) {
        return;
    }
    // The search stops at the first counterexample: an unoptimised pan compiles in a
    // second and finds it in a few.
    let report = pan(defines, "-O0");
    assert!(
        count_after(&report, "errors:") > 0,
        "{defines:?} should yield a counterexample:\n{report}"
    );
    let violated = report
        .lines()
        .find(|l| l.contains("assertion violated"))
        .unwrap_or_else(|| panic!("no assertion violated:\n{report}"));
    assert!(
        violated.contains(expect),
        "{defines:?}: expected a violation of the assertion on {expect:?}, got: {violated}"
    );
}

#[test]
fn the_protocol_verifies_exhaustively() {
    if !tools_or_skip("the_protocol_verifies_exhaustively") {
        return;
    }
    let report = pan(&[], "-O2");
    assert!(
        report.contains("Full statespace search"),
        "not a full search:\n{report}"
    );
    assert_eq!(count_after(&report, "errors:"), 0, "{report}");
    for cut in [
        "max search depth too small",
        "Search not completed",
        "out of memory",
    ] {
        assert!(!report.contains(cut), "{cut}:\n{report}");
    }
    // A model that does next to nothing would verify too: the bounds in
    // model/exchange.pml reach about three million states.
    let stored = states_stored(&report);
    assert!(stored > 1_000_000, "only {stored} states:\n{report}");
}

/// Deleting a local file absent from the sender's list without checking `Vl <= Ks`
/// loses a modification made here while the sender deleted the file (P1).
#[test]
fn deleting_without_the_knowledge_check_loses_an_update() {
    refuted(
        "deleting_without_the_knowledge_check_loses_an_update",
        &["-DBUG=1"],
        "found",
    );
}

/// Assuming at pack time that the other side will integrate the archive (the first
/// design's "shared state"): after a loss, a changes archive lacks a content that
/// the receiver needs (P2).
#[test]
fn assuming_arrival_at_pack_time_omits_needed_content() {
    refuted(
        "assuming_arrival_at_pack_time_omits_needed_content",
        &["-DBUG=2"],
        "carried",
    );
}

/// The merge table as first written (two concurrent versions are always a conflict,
/// even when the receiver already saw and deleted the sender's): the merge needs a
/// content that the changes archive rightly did not carry (model/README.md,
/// finding 1).
#[test]
fn the_first_merge_table_needs_uncarried_content() {
    refuted(
        "the_first_merge_table_needs_uncarried_content",
        &["-DDOC_TABLE=1"],
        "carried",
    );
}

/// A conflict resolved with the bare join `Vl v Vs` (no new event): a replica that
/// saw both versions separately takes the conflict copy's version as seen and
/// deleted, and an update is lost on both sides (model/README.md, finding 2).
#[test]
fn conflicts_without_an_event_lose_the_copy() {
    refuted(
        "conflicts_without_an_event_lose_the_copy",
        &["-DDOC_JOIN=1"],
        "found",
    );
}
