using System.Net;
using System.Text.Json;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

/// <summary>
/// Admin mutations of one surface (item changes, model import, surface replace and delete) are serialized:
/// none of them can land in a runtime that a concurrent replace has already swapped out.
/// </summary>
public sealed class AdminSerializationTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    private const int Rounds = 40;

    [Fact]
    public async Task Item_changes_racing_a_surface_replace_are_never_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        for (var round = 0; round < Rounds; round++)
        {
            // Arrange: a surface without data, so a dimension change replaces its runtime.
            var surface = $"race-items-{round}";
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 2}""")).StatusCode);

            // Act: item changes and the replace at once, started in both orders across rounds.
            var requests = new List<Task<HttpResponseMessage>>();
            Task<HttpResponseMessage> replace = null!;
            if (round % 2 == 1)
            {
                replace = admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 3}""");
            }

            var single = admin.PutJsonAsync($"/v1/surfaces/{surface}/items/single", """{"active": true}""");
            var batch = admin.PostJsonAsync($"/v1/surfaces/{surface}/items:batch",
                """{"items": [{"itemId": "batch-on", "active": true}, {"itemId": "batch-off", "active": false}]}""");
            if (round % 2 == 0)
            {
                replace = admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 3}""");
            }

            await Task.WhenAll(single, batch, replace);
            var (singleDone, batchDone, replaceDone) = (await single, await batch, await replace);

            // Assert: every acknowledged change is in the live surface, whichever came first.
            Assert.Equal(HttpStatusCode.OK, singleDone.StatusCode);
            Assert.Equal(HttpStatusCode.OK, batchDone.StatusCode);
            var expected = new Dictionary<string, bool> { ["single"] = true, ["batch-on"] = true, ["batch-off"] = false };
            foreach (var (itemId, active) in expected)
            {
                var item = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}/items/{itemId}", ct));
                Assert.Equal(active, item.GetProperty("active").GetBoolean());
            }

            var view = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}", ct));
            Assert.Equal(3, view.GetProperty("itemCount").GetInt32());

            // The replace either came first (dimension 3, items added to the new model) or found the items (409).
            var replaced = replaceDone.StatusCode;
            Assert.True(replaced is HttpStatusCode.OK or HttpStatusCode.Conflict, $"round {round}: replace answered {(int)replaced}");
            Assert.Equal(replaced == HttpStatusCode.OK ? 3 : 2, view.GetProperty("dimension").GetInt32());
            var model = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}/model", ct));
            Assert.Equal(view.GetProperty("dimension").GetInt32(), model.GetProperty("diagLinUcb").GetProperty("dimension").GetInt32());
        }
    }

    [Fact]
    public async Task An_item_change_racing_a_surface_delete_is_either_applied_or_answered_404()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        for (var round = 0; round < Rounds; round++)
        {
            var surface = $"race-delete-{round}";
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 2}""")).StatusCode);

            Task<HttpResponseMessage> upsert, delete;
            if (round % 2 == 0)
            {
                upsert = admin.PutJsonAsync($"/v1/surfaces/{surface}/items/a", """{"active": true}""");
                delete = admin.DeleteAsync($"/v1/surfaces/{surface}", ct);
            }
            else
            {
                delete = admin.DeleteAsync($"/v1/surfaces/{surface}", ct);
                upsert = admin.PutJsonAsync($"/v1/surfaces/{surface}/items/a", """{"active": true}""");
            }

            await Task.WhenAll(upsert, delete);
            var (upserted, deleted) = (await upsert, await delete);

            // Never a 500 from writing an item of a surface that is gone; the surface is gone either way.
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.True(upserted.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"round {round}: upsert answered {(int)upserted.StatusCode}");
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v1/surfaces/{surface}", ct)).StatusCode);
        }
    }

    [Fact]
    public async Task A_model_import_racing_a_surface_replace_leaves_one_consistent_model()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();

        // Arrange: a 2-dimensional model with learned statistics to import.
        var document = ModelDocument("source", precisionOfA: 5.0);
        for (var round = 0; round < Rounds; round++)
        {
            var surface = $"race-import-{round}";
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 2}""")).StatusCode);

            // Act
            Task<HttpResponseMessage> import, replace;
            if (round % 2 == 0)
            {
                import = admin.PutJsonAsync($"/v1/surfaces/{surface}/model", document);
                replace = admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 3}""");
            }
            else
            {
                replace = admin.PutJsonAsync($"/v1/surfaces/{surface}", """{"dimension": 3}""");
                import = admin.PutJsonAsync($"/v1/surfaces/{surface}/model", document);
            }

            await Task.WhenAll(import, replace);
            var (imported, replaced) = (await import, await replace);

            // Assert: exactly one of them won, and the live model is what the winner acknowledged.
            var view = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}", ct));
            var model = (await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}/model", ct))).GetProperty("diagLinUcb");
            if (imported.StatusCode == HttpStatusCode.OK)
            {
                // The import landed first: the surface has data, so the replace is refused.
                Assert.Equal(HttpStatusCode.Conflict, replaced.StatusCode);
                Assert.Equal(2, view.GetProperty("dimension").GetInt32());
                Assert.Equal(2, model.GetProperty("dimension").GetInt32());
                var a = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}/items/a", ct));
                Assert.Equal(5.0, a.GetProperty("precision")[0].GetDouble(), 9);
            }
            else
            {
                // The replace landed first: the 2-dimensional model no longer fits and nothing of it is live.
                await HttpAssertions.AssertProblemAsync(imported, HttpStatusCode.BadRequest, "diagLinUcb.dimension");
                Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
                Assert.Equal(3, view.GetProperty("dimension").GetInt32());
                Assert.Equal(3, model.GetProperty("dimension").GetInt32());
                Assert.Empty(model.GetProperty("items").EnumerateArray());
            }
        }
    }

    /// <summary>A 2-dimensional Diag-LinUCB model document (ridge 1) with one item "a" whose first coordinate has the given precision.</summary>
    private static string ModelDocument(string surface, double precisionOfA) =>
        JsonSerializer.Serialize(new
        {
            surface,
            policy = "diag-linucb",
            modelVersion = 7,
            diagLinUcb = new
            {
                dimension = 2,
                options = new { alpha = 1.0, epsilon = 0.0, ridge = 1.0, forgetting = 1.0 },
                modelVersion = 7,
                items = new[]
                {
                    new
                    {
                        itemId = "a", active = true, impressions = 4L, rewardsApplied = 4L, rewardSum = 2.0, lastShownAt = (DateTimeOffset?)null,
                        indices = new[] { 0 }, sumSquares = new[] { precisionOfA - 1.0 }, sumRewards = new[] { 2.0 },
                    },
                },
            },
        });
}
