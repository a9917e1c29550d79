//! Writes to the practice journal on a background thread, so that the
//! lock, the read and the atomic write (two fsyncs) never hold up a frame.
//! Jobs run in the order given.

use std::sync::mpsc;

use super::journal::{Entry, PracticeJournal};

enum Job {
    Append(Entry),
    Update(Entry),
    Delete(u64),
}

/// The app's handle on the journal.
pub struct PracticeWriter {
    journal: PracticeJournal,
    tx: Option<mpsc::Sender<Job>>,
    done: mpsc::Receiver<Result<(), String>>,
    pending: usize,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// What finished since the last look.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Finished {
    /// Jobs finished (the journal may have changed).
    pub jobs: usize,
    /// What went wrong, in words.
    pub errors: Vec<String>,
}

impl PracticeWriter {
    /// A writer for `journal`, its thread started.
    ///
    /// # Errors
    /// When no thread can be started.
    pub fn new(journal: PracticeJournal) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel();
        let j = journal.clone();
        let thread = std::thread::Builder::new()
            .name("practice journal".into())
            .spawn(move || {
                for job in rx {
                    let r = match job {
                        Job::Append(e) => j.append(e).map(|_| ()),
                        Job::Update(e) => j.update(e).map(|_| ()),
                        Job::Delete(id) => j.delete(id).map(|_| ()),
                    };
                    if done_tx.send(r).is_err() {
                        return;
                    }
                }
            })?;
        Ok(Self {
            journal,
            tx: Some(tx),
            done,
            pending: 0,
            thread: Some(thread),
        })
    }

    /// The journal written to (to read it).
    #[must_use]
    pub fn journal(&self) -> &PracticeJournal {
        &self.journal
    }

    fn send(&mut self, job: Job) {
        if let Some(tx) = &self.tx
            && tx.send(job).is_ok()
        {
            self.pending += 1;
        }
    }

    /// Appends `entry` (its id should be set, to update it later).
    pub fn append(&mut self, entry: Entry) {
        self.send(Job::Append(entry));
    }

    /// Replaces the entry with `entry`'s id.
    pub fn update(&mut self, entry: Entry) {
        self.send(Job::Update(entry));
    }

    /// Deletes the entry `id`.
    pub fn delete(&mut self, id: u64) {
        self.send(Job::Delete(id));
    }

    /// Whether writes are still under way.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.pending > 0
    }

    /// What finished since the last call, without waiting.
    pub fn poll(&mut self) -> Finished {
        let mut f = Finished::default();
        for r in self.done.try_iter() {
            f.jobs += 1;
            if let Err(e) = r {
                f.errors.push(e);
            }
        }
        self.pending = self.pending.saturating_sub(f.jobs);
        f
    }

    /// Waits until every job given so far has finished.
    pub fn settle(&mut self) -> Finished {
        let mut f = self.poll();
        while self.pending > 0 {
            match self.done.recv() {
                Ok(r) => {
                    f.jobs += 1;
                    self.pending -= 1;
                    if let Err(e) = r {
                        f.errors.push(e);
                    }
                }
                Err(_) => break,
            }
        }
        f
    }
}

impl Drop for PracticeWriter {
    /// Finishes the writes given before the app closes.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Where the date and time of day come from: the system in the app, a
/// hand-set time in tests.
pub trait WallClock: Send + Sync {
    /// Seconds since 1970 (UTC).
    fn unix_s(&self) -> i64;
}

/// The system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemWallClock;

impl WallClock for SystemWallClock {
    fn unix_s(&self) -> i64 {
        super::unix_now()
    }
}

/// A clock that stands where it is set; clones share the time.
#[derive(Debug, Default, Clone)]
pub struct FixedWallClock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl FixedWallClock {
    /// A clock at `unix_s`.
    #[must_use]
    pub fn at(unix_s: i64) -> Self {
        Self(std::sync::Arc::new(std::sync::atomic::AtomicI64::new(
            unix_s,
        )))
    }

    /// Moves it to `unix_s`.
    pub fn set(&self, unix_s: i64) {
        self.0.store(unix_s, std::sync::atomic::Ordering::SeqCst);
    }
}

impl WallClock for FixedWallClock {
    fn unix_s(&self) -> i64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_run_in_order_and_settle_waits_for_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = PracticeWriter::new(PracticeJournal::new(dir.path().join("p.ron"))).unwrap();
        let e = Entry {
            id: 42,
            at: 5,
            case: "a".to_owned(),
            ..Entry::default()
        };
        w.append(e.clone());
        w.update(Entry {
            overall: Some(0.5),
            ..e
        });
        w.append(Entry {
            id: 43,
            at: 6,
            ..Entry::default()
        });
        w.delete(43);
        let f = w.settle();
        assert_eq!((f.jobs, f.errors.len(), w.busy()), (4, 0, false));
        let read = w.journal().read().unwrap();
        assert_eq!(read.entries.len(), 1);
        assert_eq!(read.entries[0].overall, Some(0.5));
    }

    #[test]
    fn errors_come_back_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a-folder");
        std::fs::create_dir(&folder).unwrap();
        let mut w = PracticeWriter::new(PracticeJournal::new(folder)).unwrap();
        w.append(Entry::default());
        let f = w.settle();
        assert_eq!(f.errors.len(), 1);
        assert!(f.errors[0].contains("practice journal"));
    }
}
