using Amazon.SimpleSystemsManagement;
using Chaos.Aws.Endpoints;
using Shouldly;

namespace Chaos.Aws.Tests.Endpoints;

/// <summary>The one endpoint resolver, against the SDK's documented order and its own partition data.</summary>
public sealed class AwsEndpointResolverTests
{
    private static AwsEndpointResolver With(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        return new AwsEndpointResolver(name => values.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("eu-west-1", "https://monitoring.eu-west-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://monitoring.cn-north-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://monitoring.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-iso-east-1", "https://monitoring.us-iso-east-1.c2s.ic.gov/")]
    [InlineData("us-isob-east-1", "https://monitoring.us-isob-east-1.sc2s.sgov.gov/")]
    public void Without_configured_endpoints_a_region_gets_its_partitions_regional_endpoint(string region, string expected) =>
        With().Resolve(AwsService.CloudWatch, region).ShouldBe(new Uri(expected));

    [Fact]
    public void The_service_variable_wins_over_the_global_one_which_wins_over_the_region()
    {
        var both = With(("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:9999"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
        var global = With(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/"));

        both.Resolve(AwsService.CloudWatch, "eu-west-1").ShouldBe(new Uri("http://127.0.0.1:9999/"));
        both.Resolve(AwsService.Ssm, "eu-west-1").ShouldBe(new Uri("http://127.0.0.1:4566/"));
        global.Resolve(AwsService.CloudWatchLogs, "eu-west-1").ShouldBe(new Uri("http://127.0.0.1:4566/"));
    }

    [Fact]
    public void A_service_id_with_a_space_is_named_with_an_underscore_as_the_SDK_does() =>
        With(("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://127.0.0.1:7000")).Resolve(AwsService.CloudWatchLogs, "eu-west-1").ShouldBe(new Uri("http://127.0.0.1:7000/"));

    [Fact]
    public void Ignoring_configured_endpoints_goes_back_to_the_regional_one() =>
        With(("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"))
            .Resolve(AwsService.Lambda, "eu-west-1").ShouldBe(new Uri("https://lambda.eu-west-1.amazonaws.com/"));

    [Theory]
    [InlineData("us-east-1", "https://monitoring-fips.us-east-1.amazonaws.com/")]
    [InlineData("us-gov-west-1", "https://monitoring-fips.us-gov-west-1.amazonaws.com/")]
    public void FIPS_endpoints_are_used_when_asked(string region, string expected) =>
        With(("AWS_USE_FIPS_ENDPOINT", "true")).Resolve(AwsService.CloudWatch, region).ShouldBe(new Uri(expected));

    [Fact]
    public void Dual_stack_endpoints_use_the_partitions_dual_stack_suffix() =>
        With(("AWS_USE_DUALSTACK_ENDPOINT", "true")).Resolve(AwsService.Lambda, "eu-west-1").ShouldBe(new Uri("https://lambda.eu-west-1.api.aws/"));

    [Fact]
    public void IAM_is_global_in_the_aws_partition() =>
        With().Resolve(AwsService.Iam, "us-east-1").ShouldBe(new Uri("https://iam.amazonaws.com/"));

    [Fact]
    public void An_SDK_client_configured_by_the_resolver_goes_where_it_says()
    {
        var configured = With(("AWS_ENDPOINT_URL_SSM", "http://127.0.0.1:5000")).Configure(new AmazonSimpleSystemsManagementConfig(), AwsService.Ssm, "eu-west-1");
        var regional = With(("AWS_USE_FIPS_ENDPOINT", "true")).Configure(new AmazonSimpleSystemsManagementConfig(), AwsService.Ssm, "eu-west-1");

        configured.ServiceURL.ShouldBe("http://127.0.0.1:5000/");
        configured.AuthenticationRegion.ShouldBe("eu-west-1");
        regional.RegionEndpoint.SystemName.ShouldBe("eu-west-1");
        regional.UseFIPSEndpoint.ShouldBeTrue();
    }
}
