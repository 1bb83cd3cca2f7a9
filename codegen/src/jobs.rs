//! Independent jobs run side by side: the generator's pages are parsed one per job
//! (`xtask::pipeline`), and its files are emitted and formatted one per job
//! ([`crate::emit`]; tokens, being `proc_macro2`'s, cannot cross threads, so each thread
//! emits and formats whole files and hands back text). Formatting is most of a regen's cost
//! (BENCHMARKS.md), and it is spread over the cores instead of waiting on one.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` applied to every job, results in job order. Jobs are taken one at a time, heaviest
/// first by `weight` (so that no thread starts the biggest file when the others are nearly
/// done), by up to `threads` threads (`None`: as many as the machine has cores); with one,
/// no thread is started.
pub fn run<J: Sync, R: Send>(
    jobs: &[J],
    threads: Option<NonZeroUsize>,
    weight: &dyn Fn(&J) -> usize,
    f: &(dyn Fn(&J) -> R + Sync),
) -> Vec<R> {
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
        .min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(f).collect();
    }
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(weight(&jobs[i])));
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&i) = order.get(k) else {
                            return done;
                        };
                        done.push((i, f(&jobs[i])));
                    }
                })
            })
            .collect();
        for worker in workers {
            // A panic in a job is a generator bug; pass it on unchanged.
            let done = worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, r) in done {
                slots[i] = Some(r);
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every job is taken by one thread"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order_whatever_the_threads() {
        let jobs: Vec<u64> = (0..100).collect();
        let square = |j: &u64| j * j;
        let weight = |j: &u64| (*j as usize * 37) % 11;
        let serial = run(&jobs, NonZeroUsize::new(1), &weight, &square);
        assert_eq!(serial, jobs.iter().map(|j| j * j).collect::<Vec<_>>());
        for threads in [2, 3, 8, 200] {
            assert_eq!(
                run(&jobs, NonZeroUsize::new(threads), &weight, &square),
                serial
            );
        }
        assert_eq!(
            run(&[] as &[u64], None, &weight, &square),
            Vec::<u64>::new()
        );
    }
}
