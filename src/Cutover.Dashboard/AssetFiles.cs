using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Cutover.Dashboard;

/// <summary>
/// Serves Bootstrap and its icons from the assembly's embedded resources (logical names <c>assets/…</c>, written by the
/// project file from the npm packages), so the dashboard works offline and never asks a CDN.
/// </summary>
internal static class AssetFiles
{
    // The files change only with a new build of this assembly; a week's caching, revalidated by content hash after.
    private const string CacheControl = "public, max-age=604800";

    private static readonly ConcurrentDictionary<string, Asset?> Loaded = new(StringComparer.Ordinal);

    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    public static async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.RouteValues["path"] as string ?? "";
        var asset = Loaded.GetOrAdd(path, Load);
        if (asset is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var headers = context.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
    }

    private static Asset? Load(string path)
    {
        // Only the known kinds of file: a request for anything else is not an asset, whatever resource has that name.
        if (ContentTypeOf(path) is not { } contentType)
            return null;
        using var stream = typeof(AssetFiles).Assembly.GetManifestResourceStream("assets/" + path);
        if (stream is null)
            return null;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexString(SHA256.HashData(content))[..32] + "\"").ToString();
        return new Asset(content, contentType, etag);
    }

    private static string? ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".woff2" => "font/woff2",
        ".woff" => "font/woff",
        _ => null,
    };
}
