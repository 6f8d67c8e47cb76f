//! The rules of a service order, in one pure function.
//!
//! ```text
//! briefed ──quote──► quoted ──accept──► awaiting_payment ──pay──► in_progress
//!    ▲                 │ (validity passes)      │ accept again:      │ deliver
//!    └──── quote ◄── quote_expired              │ a fresh order      ▼
//!                                               │         ┌──► delivered ──approve all──► completed
//! cancel: briefed, quoted, quote_expired,       │         │        │ revise   ▲
//!         awaiting_payment                      │         └─deliver┴► revision_requested
//! ```
//!
//! Whose order it is is not a state: a stranger's order is `NotFound`
//! before any rule is asked.
use crate::{entities::service_order::ServiceOrderState as State, error::Refusal};
use chrono::{DateTime, Utc};

/// Something that asks a service order to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The admin sends a quote.
    SendQuote,
    /// The member accepts the quote (again: a fresh payment order).
    Accept,
    /// The checkout order was paid.
    Pay,
    /// The admin writes a progress note.
    PostNote,
    /// The admin adds a deliverable.
    Deliver,
    /// The member approves a deliverable; `all_approved` when none is then
    /// left waiting or sent back.
    Approve { all_approved: bool },
    /// The member sends a deliverable back with a comment.
    RequestRevision,
    /// The member or an admin gives the order up before it is paid.
    Cancel,
}

/// The state `step` leads to from `from`, or why not. `from` is the state
/// as read at the time of the step ([`state_at`]).
pub fn transition(from: State, step: Step) -> Result<State, Refusal> {
    use State::*;
    let refused = Err(if from == QuoteExpired {
        Refusal::QuoteExpired
    } else {
        Refusal::ServiceOrderState
    });
    match (step, from) {
        (Step::SendQuote, Briefed | QuoteExpired) => Ok(Quoted),
        (Step::Accept, Quoted | AwaitingPayment) => Ok(AwaitingPayment),
        (Step::Pay, AwaitingPayment) => Ok(InProgress),
        (Step::PostNote, InProgress | Delivered | RevisionRequested) => Ok(from),
        (Step::Deliver, InProgress | Delivered | RevisionRequested) => Ok(Delivered),
        (Step::Approve { all_approved: true }, Delivered | RevisionRequested) => Ok(Completed),
        (
            Step::Approve {
                all_approved: false,
            },
            Delivered | RevisionRequested,
        ) => Ok(from),
        (Step::RequestRevision, Delivered | RevisionRequested) => Ok(RevisionRequested),
        (Step::Cancel, Briefed | Quoted | QuoteExpired | AwaitingPayment) => Ok(Cancelled),
        // A new quote after the old one lapsed is the admin's to send.
        (Step::SendQuote, _) => Err(Refusal::ServiceOrderState),
        _ => refused,
    }
}

/// The state of an order stored as `stored` whose quote is valid until
/// `valid_until`, at `now`: a lapsed quote reads as expired.
pub fn state_at(stored: State, valid_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> State {
    match (stored, valid_until) {
        (State::Quoted, Some(until)) if until <= now => State::QuoteExpired,
        _ => stored,
    }
}

impl Step {
    /// Every step, for tests that walk the whole table.
    pub const ALL: [Step; 9] = [
        Step::SendQuote,
        Step::Accept,
        Step::Pay,
        Step::PostNote,
        Step::Deliver,
        Step::Approve {
            all_approved: false,
        },
        Step::Approve { all_approved: true },
        Step::RequestRevision,
        Step::Cancel,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;
    use State::*;

    /// The whole table: every (state, step) pair that is allowed, and
    /// where it leads. Everything else is refused.
    const ALLOWED: &[(State, Step, State)] = &[
        (Briefed, Step::SendQuote, Quoted),
        (QuoteExpired, Step::SendQuote, Quoted),
        (Quoted, Step::Accept, AwaitingPayment),
        (AwaitingPayment, Step::Accept, AwaitingPayment),
        (AwaitingPayment, Step::Pay, InProgress),
        (InProgress, Step::PostNote, InProgress),
        (Delivered, Step::PostNote, Delivered),
        (RevisionRequested, Step::PostNote, RevisionRequested),
        (InProgress, Step::Deliver, Delivered),
        (Delivered, Step::Deliver, Delivered),
        (RevisionRequested, Step::Deliver, Delivered),
        (
            Delivered,
            Step::Approve {
                all_approved: false,
            },
            Delivered,
        ),
        (Delivered, Step::Approve { all_approved: true }, Completed),
        (
            RevisionRequested,
            Step::Approve {
                all_approved: false,
            },
            RevisionRequested,
        ),
        (
            RevisionRequested,
            Step::Approve { all_approved: true },
            Completed,
        ),
        (Delivered, Step::RequestRevision, RevisionRequested),
        (RevisionRequested, Step::RequestRevision, RevisionRequested),
        (Briefed, Step::Cancel, Cancelled),
        (Quoted, Step::Cancel, Cancelled),
        (QuoteExpired, Step::Cancel, Cancelled),
        (AwaitingPayment, Step::Cancel, Cancelled),
    ];

    #[test]
    fn every_allowed_step_leads_where_the_table_says() {
        for &(from, step, to) in ALLOWED {
            assert_eq!(transition(from, step), Ok(to), "{from:?} + {step:?}");
        }
    }

    #[test]
    fn every_other_step_is_refused() {
        let mut refused = 0;
        for from in State::iter() {
            for step in Step::ALL {
                if ALLOWED.iter().any(|&(f, s, _)| f == from && s == step) {
                    continue;
                }
                let got = transition(from, step);
                assert!(got.is_err(), "{from:?} + {step:?} must be refused: {got:?}");
                refused += 1;
            }
        }
        // 9 states × 9 steps, less the 21 allowed.
        assert_eq!(refused, 81 - ALLOWED.len());
    }

    #[test]
    fn the_named_refusals() {
        // Paying, or accepting, a quote whose validity has passed.
        assert_eq!(
            transition(QuoteExpired, Step::Pay),
            Err(Refusal::QuoteExpired)
        );
        assert_eq!(
            transition(QuoteExpired, Step::Accept),
            Err(Refusal::QuoteExpired)
        );
        // Paying a quote nobody accepted.
        assert_eq!(
            transition(Quoted, Step::Pay),
            Err(Refusal::ServiceOrderState)
        );
        // Approving before anything was delivered.
        for from in [Briefed, Quoted, AwaitingPayment, InProgress] {
            assert_eq!(
                transition(from, Step::Approve { all_approved: true }),
                Err(Refusal::ServiceOrderState)
            );
        }
        // Quoting twice, and quoting work already paid.
        for from in [Quoted, AwaitingPayment, InProgress, Completed, Cancelled] {
            assert_eq!(
                transition(from, Step::SendQuote),
                Err(Refusal::ServiceOrderState)
            );
        }
        // Accepting before a quote; paying twice; cancelling paid work.
        assert_eq!(
            transition(Briefed, Step::Accept),
            Err(Refusal::ServiceOrderState)
        );
        assert_eq!(
            transition(InProgress, Step::Pay),
            Err(Refusal::ServiceOrderState)
        );
        for from in [InProgress, Delivered, RevisionRequested, Completed] {
            assert_eq!(
                transition(from, Step::Cancel),
                Err(Refusal::ServiceOrderState)
            );
        }
        // A completed or cancelled order takes nothing more.
        for step in Step::ALL {
            assert!(transition(Completed, step).is_err());
            assert!(transition(Cancelled, step).is_err());
        }
    }

    #[test]
    fn a_quote_reads_expired_once_its_validity_passes() {
        let now = Utc::now();
        let later = now + chrono::Duration::days(1);
        assert_eq!(state_at(Quoted, Some(later), now), Quoted);
        assert_eq!(state_at(Quoted, Some(now), now), QuoteExpired);
        assert_eq!(state_at(Quoted, Some(now), later), QuoteExpired);
        // An accepted quote is honoured after its validity.
        assert_eq!(state_at(AwaitingPayment, Some(now), later), AwaitingPayment);
        assert_eq!(state_at(Briefed, None, later), Briefed);
    }
}
