namespace BanditServe.Offline.StoredLogs;

/// <summary>How a Diag-LinUCB candidate's action distributions are obtained from the logs.</summary>
public enum CandidateMode
{
    /// <summary>
    /// Statistics fitted on the other folds of rounds score each row (<c>mode=crossfit</c>): the value of
    /// a model warm-started from these logs, as the warm-start gate evaluates it.
    /// </summary>
    CrossFitted,

    /// <summary>
    /// The policy replayed round by round in log order from the prior (<c>mode=replay</c>): its distribution
    /// at a round depends only on earlier rounds, and it then learns from the logged action's reward only,
    /// as it would have online.
    /// </summary>
    Replay,
}
