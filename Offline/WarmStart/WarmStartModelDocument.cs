using BanditServe.Bandits;

namespace BanditServe.Offline.WarmStart;

/// <summary>
/// The model file the <c>warmstart</c> command writes: the body of <c>PUT /v1/surfaces/{surface}/model</c>
/// (API.md "Model snapshots") for a diag-linucb surface, serialised with web (camelCase) JSON.
/// </summary>
/// <param name="Surface">The surface the model is meant for.</param>
/// <param name="Policy">Always <c>diag-linucb</c>.</param>
/// <param name="ModelVersion">Version of the snapshot (0 for a fresh warm start).</param>
/// <param name="DiagLinUcb">The Diag-LinUCB statistics.</param>
public sealed record WarmStartModelDocument(string Surface, string Policy, long ModelVersion, SurfaceModelSnapshot DiagLinUcb);
