using BanditServe.Bandits;

namespace BanditServe.Api.Contracts;

/// <summary>
/// A surface's whole model as <c>GET/PUT /v1/surfaces/{surface}/model</c> carry it: Diag-LinUCB
/// statistics as JSON arrays, or the recovering-periodic policy's state as base64 of its binary form.
/// </summary>
public sealed record ModelDocument(
    string Surface,
    string Policy,
    long ModelVersion,
    SurfaceModelSnapshot? DiagLinUcb,
    string? RecoveringPeriodicState);
