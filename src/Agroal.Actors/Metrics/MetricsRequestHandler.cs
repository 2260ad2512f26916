using Microsoft.AspNetCore.Http;

namespace Agroal.Actors.Metrics;

/// <summary>
/// pgagroal's routes: GET <c>/</c> or <c>/index.html</c> is the description page, GET <c>/metrics</c> the exposition,
/// any other path 403, any other method 400. Bodies go out chunked (no Content-Length).
/// </summary>
public sealed class MetricsRequestHandler
{
    public const string ExpositionContentType = "text/plain; version=0.0.3; charset=utf-8";
    public const string HomeContentType = "text/html; charset=utf-8";

    private const int ChunkSize = 32 * 1024;

    private readonly MetricsCollector _collector;
    private readonly MetricsResponseCache _cache;

    public MetricsRequestHandler(MetricsCollector collector, MetricsResponseCache cache)
    {
        _collector = collector;
        _cache = cache;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var path = request.Path.Value;
        if (path is "/" or "/index.html")
        {
            response.ContentType = HomeContentType;
            await WriteChunkedAsync(response, MetricsHomePage.Utf8, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (path != "/metrics")
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var body = await _cache.GetOrBuildAsync(BuildAsync, context.RequestAborted).ConfigureAwait(false);
        response.ContentType = ExpositionContentType;
        await WriteChunkedAsync(response, body, context.RequestAborted).ConfigureAwait(false);
    }

    private Task<byte[]> BuildAsync(CancellationToken cancellationToken) => _collector.CollectAsync(cancellationToken);

    /// <summary>Without a Content-Length, Kestrel frames an HTTP/1.1 body with chunked transfer encoding; one chunk per flush.</summary>
    private static async Task WriteChunkedAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < body.Length; offset += ChunkSize)
        {
            var length = Math.Min(ChunkSize, body.Length - offset);
            await response.BodyWriter.WriteAsync(body.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
        }
    }
}
