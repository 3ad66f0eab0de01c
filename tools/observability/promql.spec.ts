import { metricNames, withoutGrafanaVariables } from './promql';

describe('metricNames', () => {
  it('finds the selected metrics, not functions, keywords, labels, strings or durations', () => {
    expect(
      metricNames('histogram_quantile(0.95, sum by (le, route) (rate(eloquent_http_request_duration_seconds_bucket{service="gateway", route=~"a|b"}[5m])))'),
    ).toEqual(['eloquent_http_request_duration_seconds_bucket']);
    expect(metricNames('sum(rate(a_total{x="1"}[1h])) / sum(rate(b_total[1h])) > (14.4 * 0.01) and on () c:ratio_rate5m > 1e3 unless up == 0')).toEqual([
      'a_total',
      'b_total',
      'c:ratio_rate5m',
      'up',
    ]);
    expect(metricNames('max_over_time(eloquent_circuit_breaker_state[2m:30s]) >= bool 2')).toEqual(['eloquent_circuit_breaker_state']);
    expect(metricNames('sum by (alertname) (ALERTS{alertstate="firing", alertname=~"Eloquent.*"}) offset 5m')).toEqual(['ALERTS']);
  });

  it("replaces Grafana's interval variables", () => {
    expect(withoutGrafanaVariables('rate(x[$__rate_interval]) + increase(y[$__range])')).toBe('rate(x[5m]) + increase(y[5m])');
  });
});
