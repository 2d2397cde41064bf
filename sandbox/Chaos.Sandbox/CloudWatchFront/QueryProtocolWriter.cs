using System.Globalization;
using System.Xml.Linq;
using Chaos.Aws.CloudWatch.Model;

namespace Chaos.Sandbox.CloudWatchFront;

/// <summary>Writes a GetMetricData answer (or an error) in the XML of the AWS query protocol, as CloudWatch does.</summary>
internal static class QueryProtocolWriter
{
    private static readonly XNamespace Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    public static string Write(GetMetricDataResponse response, string requestId)
    {
        ArgumentNullException.ThrowIfNull(response);
        var results = response.MetricDataResults.Select(r => new XElement(
            Ns + "member",
            new XElement(Ns + "Id", r.Id),
            new XElement(Ns + "Label", r.Label),
            new XElement(Ns + "StatusCode", r.StatusCode ?? "Complete"),
            new XElement(Ns + "Timestamps", r.Timestamps.Select(t => new XElement(Ns + "member", t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))),
            new XElement(Ns + "Values", r.Values.Select(v => new XElement(Ns + "member", v.ToString("R", CultureInfo.InvariantCulture))))));
        var document = new XDocument(new XElement(
            Ns + "GetMetricDataResponse",
            new XElement(Ns + "GetMetricDataResult", new XElement(Ns + "MetricDataResults", results), new XElement(Ns + "Messages")),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId))));
        return document.ToString(SaveOptions.DisableFormatting);
    }

    public static string Error(string code, string message, string requestId) =>
        new XDocument(new XElement(
            Ns + "ErrorResponse",
            new XElement(Ns + "Error", new XElement(Ns + "Type", "Sender"), new XElement(Ns + "Code", code), new XElement(Ns + "Message", message)),
            new XElement(Ns + "RequestId", requestId))).ToString(SaveOptions.DisableFormatting);
}
