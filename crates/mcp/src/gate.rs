//! Load shedding and timeouts for tool calls, as the API has for renders:
//! a call beyond the limit is refused at once (the agent is told to
//! retry) rather than queued without bound, and a call that runs past the
//! timeout is abandoned with a message to narrow it.

use std::future::Future;
use std::time::Duration;

use tokio::sync::Semaphore;

/// Why a call did not run to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shed {
    /// Every slot was taken.
    Busy,
    /// It ran past the timeout.
    TooSlow,
}

/// The gate tool calls pass.
pub struct Gate {
    permits: Semaphore,
    timeout: Duration,
}

impl Gate {
    /// At most `limit` calls at once, each for at most `timeout`.
    pub fn new(limit: usize, timeout: Duration) -> Self {
        Gate {
            permits: Semaphore::new(limit),
            timeout,
        }
    }

    /// Runs `call` if a slot is free and it finishes in time.
    pub async fn run<T>(&self, call: impl Future<Output = T>) -> Result<T, Shed> {
        let Ok(_permit) = self.permits.try_acquire() else {
            return Err(Shed::Busy);
        };
        tokio::time::timeout(self.timeout, call)
            .await
            .map_err(|_| Shed::TooSlow)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::{Gate, Shed};

    /// A full gate refuses at once; a freed slot is used again.
    #[tokio::test]
    async fn a_full_gate_refuses_and_recovers() {
        let gate = Arc::new(Gate::new(1, Duration::from_secs(30)));
        let (release, held) = tokio::sync::oneshot::channel::<()>();
        let (started_tx, started) = tokio::sync::oneshot::channel::<()>();
        let holder = gate.clone();
        let slow = tokio::spawn(async move {
            holder
                .run(async move {
                    let _ = started_tx.send(());
                    let _ = held.await;
                })
                .await
        });
        started.await.expect("the first call started");
        assert_eq!(gate.run(async {}).await, Err(Shed::Busy));
        let _ = release.send(());
        assert_eq!(slow.await.expect("joined"), Ok(()));
        assert_eq!(gate.run(async { 7 }).await, Ok(7));
    }

    /// A call past the timeout is abandoned.
    #[tokio::test(start_paused = true)]
    async fn a_slow_call_times_out() {
        let gate = Gate::new(1, Duration::from_secs(30));
        let r = gate.run(tokio::time::sleep(Duration::from_secs(31))).await;
        assert_eq!(r, Err(Shed::TooSlow));
    }
}
