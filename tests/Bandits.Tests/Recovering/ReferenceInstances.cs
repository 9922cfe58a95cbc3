namespace BanditServe.Bandits.Tests.Recovering;

/// <summary>
/// Instances of <c>../shared/algorithms/pp_reference.py</c> and the numbers that script prints for them
/// (python3 pp_reference.py, plus its functions called on the same inputs; values copied with repr()).
/// </summary>
internal static class ReferenceInstances
{
    /// <summary>The easy instance of ALGORITHMS.md §3.4 (N=3, K=1, d_max=3).</summary>
    public static readonly double[][] Easy = [[0.1, 0.5, 0.9], [0.1, 0.2, 0.3], [0.05, 0.1, 0.2]];

    public const double EasyLpValue = 0.4666666666666666;

    /// <summary>Random instances 0..2 of the script (N=8, K=2, d_max=4): base_i and τ_i drawn by Python's random.Random(seed).</summary>
    public static readonly double[][] RandomBase =
    [
        [0.8910952960675336, 0.8305680820582118, 0.5944001065815915, 0.48124172520507436, 0.6578923049580259, 0.58345389621529, 0.8486590123243407, 0.5123189082552492],
        [0.39405497087868085, 0.8932036158560628, 0.8346422332836299, 0.4785483180175952, 0.6468045609643587, 0.6146437453521166, 0.756115080905934, 0.8521063457948592],
        [0.9692239903224744, 0.9634792409415445, 0.33958595740876607, 0.35941039661124513, 0.8848492146906146, 0.8151789923479662, 0.7688112810081547, 0.515695520312401],
    ];

    public static readonly double[][] RandomTau =
    [
        [1.6914923853808896, 1.958455098637578, 2.770282212988338, 1.7617171395434756, 1.2045946109992596, 2.38951051039306, 2.045922491688329, 1.1262658534061014],
        [0.7346489669355872, 0.5708686913050158, 2.589412759799674, 1.5819176697626334, 2.405700206144855, 0.5052651333777767, 1.6134679851370035, 2.3038500808519564],
        [2.014860414196156, 2.0170043341020945, 1.9530100427800077, 0.8959571756370139, 1.5766741007281717, 1.4838295505134285, 2.3075302030936644, 2.9870489073743567],
    ];

    public static readonly double[] RandomLpValue = [1.2033412371884928, 1.4046786821709765, 1.3084204302359217];

    /// <summary>Final periods after rounding and the fill pass; 0 = never (None in Python).</summary>
    public static readonly int[][] RandomPeriods = [[3, 3, 4, 0, 3, 4, 4, 4], [0, 1, 4, 0, 0, 4, 4, 4], [3, 3, 0, 0, 2, 2, 3, 0]];

    /// <summary>balanced_offsets(periods, K=2, W=12); −1 = no period.</summary>
    public static readonly int[][] RandomOffsets = [[0, 1, 0, -1, 2, 1, 2, 3], [-1, 0, 0, -1, -1, 1, 2, 3], [0, 1, -1, -1, 0, 1, 2, -1]];

    /// <summary>Mean reward per period of run(R, 2, 20000, seed, learn=False): the fixed plan with balanced offsets.</summary>
    public static readonly double[] RandomOfflineAverage = [1.2033528084482379, 1.404686389191622, 1.3049329690282643];

    /// <summary>Mean over seeds 0..9 of the 2nd-half reward per period of run(R, 2, 20000, s, learn=True).</summary>
    public static readonly double[] RandomOnlineSecondHalf = [1.1459253678621955, 1.3532053580278653, 1.2306311473847664];

    /// <summary>
    /// The script's online loop with the expected reward fed back instead of a draw, up to (not including)
    /// the first overloaded period, where its skip and ours draw different random subsets:
    /// (instance, slots, d_max, periods, total expected reward, plans made including the one for the last period).
    /// Instance −1 is the easy instance, which is never overloaded.
    /// </summary>
    public static readonly (int Instance, int Slots, int MaxIdle, int Periods, double Total, int Plans)[] ExpectedRewardTrajectories =
    [
        (-1, 1, 3, 20_000, 9053.099999998924, 33),
        (0, 2, 4, 2875, 3239.5209367889, 95),
        (1, 2, 4, 537, 618.9895756779088, 50),
        (2, 2, 4, 145, 119.87883295885226, 20),
    ];

    public static double[][] RandomInstance(int index) =>
        RecoveringWorld.ExponentialRecovery(RandomBase[index], RandomTau[index], 4);
}
