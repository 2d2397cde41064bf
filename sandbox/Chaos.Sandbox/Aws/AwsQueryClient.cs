using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Chaos.Fixtures.Signing;

namespace Chaos.Sandbox.Aws;

/// <summary>
/// The AWS query protocol (form-encoded POST, XML answer) for the few SNS and IAM calls provisioning needs;
/// <c>AWSSDK.SimpleNotificationService</c> and <c>AWSSDK.IdentityManagement</c> are not served by the registry here.
/// </summary>
public sealed class AwsQueryClient(HttpClient http, string sdkServiceId, string endpointPrefix, string signingService, string apiVersion, string region, Uri? endpoint = null, AWSCredentials? credentials = null)
{
    private readonly SignedHttpSender sender = new(http, region, signingService, credentials);
    private readonly Uri endpoint = endpoint ?? SignedHttpSender.ResolveEndpoint(sdkServiceId, endpointPrefix, region);

    /// <summary>Calls <paramref name="action"/> and returns the text of the first answer element named <paramref name="resultElement"/>.</summary>
    public async Task<string> CallAsync(string action, IReadOnlyDictionary<string, string> parameters, string resultElement, CancellationToken cancellationToken)
    {
        var form = new StringBuilder($"Action={Uri.EscapeDataString(action)}&Version={Uri.EscapeDataString(apiVersion)}");
        foreach (var (name, value) in parameters)
        {
            form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        var body = Encoding.UTF8.GetBytes(form.ToString());
        using var response = await sender.SendAsync(HttpMethod.Post, endpoint, [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new AwsServiceException(sdkServiceId, action, (int)response.StatusCode, text);
        }

        return XDocument.Parse(text).Descendants().FirstOrDefault(e => e.Name.LocalName == resultElement)?.Value
            ?? throw new AwsServiceException(sdkServiceId, action, (int)response.StatusCode, $"no <{resultElement}> in the answer: {text}");
    }
}
