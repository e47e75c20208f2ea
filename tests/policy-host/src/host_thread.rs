//! The host's answers computed on a thread of the host's own, as Kubewarden's
//! policy-evaluator computes them: its waPC callback sends each capability call to the
//! callback handler, which runs apart, and polls for the answer (`try_recv` in a loop). The
//! policy's thread keeps its core while it waits, and the host's work (reading its store,
//! pruning and serialising the list) runs on another, through that core's caches.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::Arc;

use crate::{answer, Cluster, HostError};

/// One capability call, and where its answer goes.
struct Call {
    binding: String,
    namespace: String,
    operation: String,
    payload: Vec<u8>,
    answer: Sender<Result<Vec<u8>, String>>,
}

/// A thread answering capability calls from one cluster; it ends when the last instance
/// that can ask it is dropped.
pub struct HostThread {
    calls: Sender<Call>,
}

impl HostThread {
    /// Starts the thread, answering from `cluster`.
    pub fn answering(cluster: Arc<Cluster>) -> Self {
        let (calls, queue) = mpsc::channel::<Call>();
        std::thread::spawn(move || serve(&cluster, &queue));
        HostThread { calls }
    }

    /// The answer to one call, computed on the host's thread; this thread polls for it
    /// meanwhile, as policy-evaluator's callback does.
    pub fn ask(
        &self,
        binding: &str,
        namespace: &str,
        operation: &str,
        payload: &[u8],
    ) -> Result<Vec<u8>, HostError> {
        let (answer, answered) = mpsc::channel();
        let call = Call {
            binding: binding.to_owned(),
            namespace: namespace.to_owned(),
            operation: operation.to_owned(),
            payload: payload.to_vec(),
            answer,
        };
        self.calls
            .send(call)
            .map_err(|_| "the host's thread has stopped")?;
        loop {
            match answered.try_recv() {
                Ok(answer) => return answer.map_err(Into::into),
                Err(TryRecvError::Empty) => std::hint::spin_loop(),
                Err(TryRecvError::Disconnected) => {
                    return Err("the host's thread stopped without answering".into())
                }
            }
        }
    }
}

fn serve(cluster: &Cluster, queue: &Receiver<Call>) {
    for call in queue {
        let result = answer(
            cluster,
            &call.binding,
            &call.namespace,
            &call.operation,
            &call.payload,
        );
        // The instance that asked may be gone: then nobody waits for the answer.
        let _ = call.answer.send(result.map_err(|e| e.to_string()));
    }
}
