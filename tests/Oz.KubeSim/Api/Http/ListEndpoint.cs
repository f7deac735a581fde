using System.Text;
using Oz.KubeSim.Controllers;

namespace Oz.KubeSim.Api.Http;

/// <summary>A list request: selectors, paging with continue tokens read at the first page's revision, and Table output.</summary>
internal sealed class ListEndpoint(ResourceApi api)
{
    public async Task<int> ServeAsync(HttpContext http, ResourceType type, string? ns)
    {
        var query = http.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        // Every page of a list is read at the first page's revision, which its continue token carries.
        var scope = ns is not null && type.Namespaced ? ns + "/" : "";
        var token = query["continue"].FirstOrDefault() is { Length: > 0 } text ? ContinueToken.Decode(text, scope) : null;
        var snapshot = api.Store.Snapshot(type, token is { Revision: > 0 } ? token.Revision : null)
            ?? throw ContinueExpired(token!.StartKey, scope);
        var revision = snapshot.Revision;
        var limit = long.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : (long?)null;
        var selected = ListPage.Select(snapshot.Items, scope, token?.StartKey, limit, labels, fields);
        var page = selected.Items.Select(item => NodeHeartbeat.Fresh(item, api.Clock.Now)).ToList();
        var continueToken = selected.HasMore ? ContinueToken.After(revision, selected.Items[^1].Key, scope) : null;
        var rv = revision.ToString(CultureInfo.InvariantCulture);
        if (RequestOptions.WantsTable(http.Request))
        {
            await JsonResponses.WriteJsonAsync(http, 200, TableConverter.Table(type, page.Select(p => ServedObjects.Convert(type, p)), rv, continueToken, RequestOptions.IncludeObject(query), api.Clock.Now));
            return 200;
        }

        var meta = new JsonObject { ["resourceVersion"] = rv };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }

        if (selected.RemainingItemCount is { } remaining)
        {
            meta["remainingItemCount"] = remaining;
        }

        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.ApiVersion}\",\"metadata\":{meta.ToJsonString()},\"items\":["));
        for (var i = 0; i < page.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(ServedObjects.Serve(type, page[i]));
        }

        buffer.Write("]}"u8);
        await JsonResponses.WriteBytesAsync(http, 200, buffer.ToArray());
        return 200;
    }

    /// <summary>
    /// The API server's answer to a continue token whose revision was compacted: 410 Expired, with a
    /// token that continues from the same key at the latest revision (an inconsistent remainder).
    /// </summary>
    private static ApiException ContinueExpired(string startKey, string scope) =>
        new(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
        {
            Continue = ContinueToken.From(ContinueToken.Latest, startKey, scope),
        };
}
