//! A circuit breaker for Ixonomic, per process: after `threshold`
//! consecutive failures it opens for `cooldown`, and calls fail fast
//! without touching the network (the portal shows its snapshots). Then it
//! is half-open: one probe goes through; its success closes the breaker,
//! its failure opens it again. Time is passed in (`now`), so tests drive
//! it without sleeping.
use std::{
    sync::Mutex,
    time::{Duration, Instant},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One probe is out since `since`; a probe that never reports (its
    /// request dropped) frees the slot after another cooldown.
    HalfOpen {
        since: Instant,
    },
}

#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Self {
        Breaker {
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        // A poisoned lock only means a panic mid-update of a Copy value.
        f(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Whether a call may go out now (taking the probe slot when half-open).
    pub fn allow(&self, now: Instant) -> bool {
        let cooldown = self.cooldown;
        self.with(|s| match *s {
            State::Closed { .. } => true,
            State::Open { until } | State::HalfOpen { since: until } if now < until => false,
            State::Open { .. } | State::HalfOpen { .. } => {
                *s = State::HalfOpen {
                    since: now + cooldown,
                };
                true
            }
        })
    }

    pub fn success(&self) {
        self.with(|s| *s = State::Closed { failures: 0 });
    }

    pub fn failure(&self, now: Instant) {
        let (threshold, cooldown) = (self.threshold, self.cooldown);
        self.with(|s| {
            *s = match *s {
                State::Closed { failures } if failures + 1 < threshold => State::Closed {
                    failures: failures + 1,
                },
                _ => State::Open {
                    until: now + cooldown,
                },
            }
        });
    }

    /// True while calls fail fast (open, or half-open with its probe out).
    pub fn is_open(&self, now: Instant) -> bool {
        self.with(|s| match *s {
            State::Closed { .. } => false,
            State::Open { until } | State::HalfOpen { since: until } => now < until,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOL: Duration = Duration::from_secs(30);

    #[test]
    fn opens_after_consecutive_failures_only() {
        let t = Instant::now();
        let b = Breaker::new(3, COOL);
        b.failure(t);
        b.failure(t);
        b.success();
        b.failure(t);
        b.failure(t);
        assert!(b.allow(t), "a success in between starts the count again");
        b.failure(t);
        assert!(!b.allow(t));
        assert!(b.is_open(t + Duration::from_secs(29)));
        assert!(!b.allow(t + Duration::from_secs(29)));
    }

    #[test]
    fn half_open_lets_one_probe_through() {
        let t = Instant::now();
        let b = Breaker::new(1, COOL);
        b.failure(t);
        let later = t + COOL;
        assert!(b.allow(later), "the probe");
        assert!(!b.allow(later), "only one probe at a time");
        b.success();
        assert!(b.allow(later) && b.allow(later));
    }

    #[test]
    fn a_failed_probe_opens_again_and_a_lost_probe_frees_the_slot() {
        let t = Instant::now();
        let b = Breaker::new(1, COOL);
        b.failure(t);
        let probe = t + COOL;
        assert!(b.allow(probe));
        b.failure(probe);
        assert!(!b.allow(probe + Duration::from_secs(1)));
        let again = probe + COOL;
        assert!(b.allow(again), "next probe after the cooldown");
        // That probe never reports: another one goes after a cooldown.
        assert!(!b.allow(again + Duration::from_secs(1)));
        assert!(b.allow(again + COOL));
    }
}
