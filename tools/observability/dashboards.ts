import { EVENT_LOOP_SAMPLE_MS } from '@eloquent/observability';
import type { DashboardSpec, PanelSpec, RowSpec } from './grafana-dashboard';

/*
 * Eloquent's Grafana dashboards: an overview and one per service. Metric catalogue and SLOs:
 * docs/observability.md. Edit here, then `npm run observability:generate`.
 */

const R = '$__rate_interval';
const SERVER_ERRORS = 'INTERNAL|UPSTREAM_TIMEOUT|SERVICE_UNAVAILABLE|EMBEDDING_UNAVAILABLE|RETRIEVAL_FAILED|GENERATION_FAILED';
const BREAKER_STATES = { 0: 'closed', 1: 'half-open', 2: 'open', 3: 'isolated' };

const quantile = (q: number, metric: string, selector: string, by: string) =>
  `histogram_quantile(${q}, sum by (le${by ? `, ${by}` : ''}) (rate(${metric}_bucket{${selector}}[${R}])))`;

function httpRow(service: string): RowSpec {
  const s = `service="${service}"`;
  return {
    title: 'HTTP',
    panels: [
      {
        title: 'Requests by route',
        unit: 'reqps',
        queries: [{ expr: `sum by (route, status_class) (rate(eloquent_http_requests_total{${s}}[${R}]))`, legend: '{{route}} {{status_class}}' }],
      },
      {
        title: '5xx ratio',
        unit: 'percentunit',
        queries: [
          {
            expr: `sum(rate(eloquent_http_requests_total{${s}, status_class="5xx"}[${R}])) / sum(rate(eloquent_http_requests_total{${s}}[${R}]))`,
            legend: '5xx',
          },
        ],
      },
      {
        title: 'Latency p95 by route',
        unit: 's',
        queries: [
          { expr: quantile(0.95, 'eloquent_http_request_duration_seconds', s, 'route'), legend: '{{route}}' },
          { expr: `sum(eloquent_http_requests_in_flight{${s}})`, legend: 'in flight' },
        ],
      },
    ],
  };
}

function busHandlerRow(service: string): RowSpec {
  const s = `service="${service}"`;
  return {
    title: 'Bus: requests handled',
    panels: [
      {
        title: 'Handled by pattern and outcome',
        unit: 'reqps',
        queries: [{ expr: `sum by (pattern, outcome) (rate(eloquent_bus_handler_requests_total{${s}}[${R}]))`, legend: '{{pattern}} {{outcome}}' }],
      },
      {
        title: 'Handler latency p50 / p95',
        unit: 's',
        queries: [
          { expr: quantile(0.5, 'eloquent_bus_handler_duration_seconds', s, 'pattern'), legend: 'p50 {{pattern}}' },
          { expr: quantile(0.95, 'eloquent_bus_handler_duration_seconds', s, 'pattern'), legend: 'p95 {{pattern}}' },
        ],
      },
      {
        title: 'In flight, consumer group lag and pending',
        queries: [
          { expr: `sum(eloquent_bus_handler_requests_in_flight{${s}})`, legend: 'in flight' },
          { expr: `max(eloquent_bus_consumer_group_lag{${s}})`, legend: 'lag' },
          { expr: `max(eloquent_bus_consumer_group_pending{${s}})`, legend: 'pending' },
        ],
      },
    ],
  };
}

function busClientRow(service: string): RowSpec {
  const s = `service="${service}"`;
  return {
    title: 'Bus: requests sent',
    panels: [
      {
        title: 'Sent by pattern and outcome',
        unit: 'reqps',
        queries: [{ expr: `sum by (pattern, outcome) (rate(eloquent_bus_client_requests_total{${s}}[${R}]))`, legend: '{{pattern}} {{outcome}}' }],
      },
      {
        title: 'Round trip p95',
        unit: 's',
        queries: [{ expr: quantile(0.95, 'eloquent_bus_client_request_duration_seconds', s, 'pattern'), legend: '{{pattern}}' }],
      },
      { title: 'Awaiting a reply', queries: [{ expr: `sum by (pattern) (eloquent_bus_client_requests_in_flight{${s}})`, legend: '{{pattern}}' }] },
    ],
  };
}

function dependencyRow(service: string): RowSpec {
  const s = `service="${service}"`;
  return {
    title: 'External dependencies (ResilientCall)',
    panels: [
      {
        title: 'Calls by outcome',
        unit: 'reqps',
        queries: [{ expr: `sum by (dependency, outcome) (rate(eloquent_dependency_calls_total{${s}}[${R}]))`, legend: '{{dependency}} {{outcome}}' }],
      },
      {
        title: 'Latency p95',
        unit: 's',
        queries: [{ expr: quantile(0.95, 'eloquent_dependency_latency_seconds', s, 'dependency'), legend: '{{dependency}}' }],
      },
      breakerPanel(s),
    ],
  };
}

function breakerPanel(selector: string): PanelSpec {
  return {
    title: 'Circuit breakers',
    description: '0 closed, 1 half-open, 2 open, 3 isolated',
    mappings: BREAKER_STATES,
    min: 0,
    max: 3,
    queries: [{ expr: `max by (service, dependency) (eloquent_circuit_breaker_state{${selector}})`, legend: '{{service}} {{dependency}}' }],
  };
}

function postgresPanel(service: string): PanelSpec {
  return {
    title: 'Postgres pool',
    queries: [{ expr: `sum by (state) (eloquent_postgres_pool_connections{service="${service}"})`, legend: '{{state}}' }],
  };
}

function processRow(service: string): RowSpec {
  const s = `service="${service}"`;
  return {
    title: 'Process',
    panels: [
      {
        title: 'CPU',
        unit: 'percentunit',
        queries: [{ expr: `sum by (instance) (rate(eloquent_process_cpu_seconds_total{${s}}[${R}]))`, legend: '{{instance}}' }],
      },
      {
        title: 'Memory',
        unit: 'bytes',
        queries: [
          { expr: `sum by (instance) (eloquent_process_resident_memory_bytes{${s}})`, legend: 'RSS {{instance}}' },
          { expr: `sum by (instance) (eloquent_nodejs_heap_size_used_bytes{${s}})`, legend: 'heap {{instance}}' },
        ],
      },
      {
        title: 'Event loop delay p99',
        unit: 's',
        // prom-client's delay histogram records the whole time between two of its samples, so a
        // loop that is never late reads the sampling interval: it is taken off (docs/observability.md).
        queries: [
          {
            expr: `clamp_min(max by (instance) (eloquent_nodejs_eventloop_lag_p99_seconds{${s}}) - ${EVENT_LOOP_SAMPLE_MS / 1000}, 0)`,
            legend: '{{instance}}',
          },
        ],
      },
    ],
  };
}

/**
 * Abstentions and customers' ratings (docs/observability.md, "Answer review"). Both are sparse,
 * so the ratios read fixed windows, not `$__rate_interval`: a 1-minute ratio of a few answers
 * jumps between 0 and 1. The 30 min line is what EloquentHighAbstentionRate reads.
 */
function answerReviewRow(): RowSpec {
  const abstained = (window: string, sum: string) =>
    `${sum}(rate(eloquent_chat_abstentions_total{service="chat"}[${window}])) / ${sum}(rate(eloquent_chat_answers_total{service="chat", outcome="complete"}[${window}]))`;
  return {
    title: 'Answer review',
    panels: [
      {
        title: 'Abstention rate by mode',
        description:
          'Completed answers that said the help center does not cover the question, and those of them that suggested articles on the subject; and of the abstentions that suggested articles, the share whose suggestion the customer picked. Alert: above 50 % over 30 min (EloquentHighAbstentionRate).',
        unit: 'percentunit',
        min: 0,
        max: 1,
        queries: [
          { expr: abstained('5m', 'sum by (mode) '), legend: '{{mode}} (5 min)' },
          { expr: abstained('30m', 'sum'), legend: 'all modes (30 min)' },
          {
            expr: 'sum(rate(eloquent_chat_abstentions_with_suggestions_total{service="chat"}[30m])) / sum(rate(eloquent_chat_answers_total{service="chat", outcome="complete"}[30m]))',
            legend: 'with suggested articles (30 min)',
          },
          {
            expr: 'sum(rate(eloquent_chat_suggestions_picked_total{service="chat"}[30m])) / sum(rate(eloquent_chat_abstentions_with_suggestions_total{service="chat"}[30m]))',
            legend: 'suggestions picked / abstentions with suggestions (30 min)',
          },
        ],
      },
      {
        title: 'Ratings per minute',
        description:
          'Ratings given or changed (chat.feedback), by rating; withdrawing a rating does not count (nor subtract). "said it did not help": messages like "that didn\'t answer my question" or "wrong answer" (small talk of kind dissatisfied, docs/chat.md), which customers write more often than they rate.',
        unit: 'cpm',
        queries: [
          { expr: `sum by (rating) (rate(eloquent_chat_feedback_total{service="chat"}[${R}])) * 60`, legend: '{{rating}}' },
          { expr: `sum(rate(eloquent_chat_small_talk_replies_total{service="chat", kind="dissatisfied"}[${R}])) * 60`, legend: 'said it did not help' },
        ],
      },
      {
        title: 'Share of ratings that are down (1 h)',
        unit: 'percentunit',
        min: 0,
        max: 1,
        queries: [
          {
            expr: 'sum(rate(eloquent_chat_feedback_total{service="chat", rating="down"}[1h])) / sum(rate(eloquent_chat_feedback_total{service="chat"}[1h]))',
            legend: 'down',
          },
        ],
      },
    ],
  };
}

const overview: DashboardSpec = {
  uid: 'eloquent-overview',
  title: 'Eloquent / Overview',
  description: 'SLOs, traffic, errors, time to first token, breakers and degraded modes across the four services.',
  rows: [
    {
      title: 'SLOs (docs/observability.md)',
      panels: [
        {
          title: 'Answer availability, 24 h (objective 99.5 %)',
          kind: 'stat',
          unit: 'percentunit',
          width: 6,
          queries: [{ expr: '1 - sum(increase(eloquent_chat_answers_total{outcome="failed"}[24h])) / sum(increase(eloquent_chat_answers_total[24h]))' }],
        },
        {
          title: 'First token within 2 s, 24 h (objective 99 %)',
          kind: 'stat',
          unit: 'percentunit',
          width: 6,
          queries: [
            { expr: 'sum(increase(eloquent_chat_first_token_seconds_bucket{le="2"}[24h])) / sum(increase(eloquent_chat_first_token_seconds_count[24h]))' },
          ],
        },
        {
          title: 'Availability budget burn rate (1 h)',
          kind: 'stat',
          width: 6,
          queries: [{ expr: 'eloquent:chat_answers_failed:ratio_rate1h / 0.005' }],
        },
        {
          title: 'First-token budget burn rate (1 h)',
          kind: 'stat',
          width: 6,
          queries: [{ expr: 'eloquent:chat_first_token_slow:ratio_rate1h / 0.01' }],
        },
      ],
    },
    {
      title: 'Traffic',
      panels: [
        {
          title: 'HTTP requests by service',
          unit: 'reqps',
          queries: [{ expr: `sum by (service) (rate(eloquent_http_requests_total[${R}]))`, legend: '{{service}}' }],
        },
        {
          title: 'Socket events',
          unit: 'reqps',
          queries: [
            { expr: `sum by (event) (rate(eloquent_socket_events_total[${R}]))`, legend: '{{event}}' },
            { expr: 'sum(eloquent_socket_connections)', legend: 'connections' },
          ],
        },
        {
          title: 'Answers by mode',
          unit: 'reqps',
          queries: [{ expr: `sum by (mode, outcome) (rate(eloquent_chat_answers_total[${R}]))`, legend: '{{mode}} {{outcome}}' }],
        },
      ],
    },
    {
      title: 'Errors',
      panels: [
        {
          title: 'HTTP 5xx ratio by service',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum by (service) (rate(eloquent_http_requests_total{status_class="5xx"}[${R}])) / sum by (service) (rate(eloquent_http_requests_total[${R}]))`,
              legend: '{{service}}',
            },
          ],
        },
        {
          title: 'Bus server errors by service',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (service, outcome) (rate(eloquent_bus_handler_requests_total{outcome=~"${SERVER_ERRORS}"}[${R}]))`,
              legend: '{{service}} {{outcome}}',
            },
          ],
        },
        {
          title: 'Socket event errors',
          unit: 'reqps',
          queries: [{ expr: `sum by (event, outcome) (rate(eloquent_socket_events_total{outcome!="ok"}[${R}]))`, legend: '{{event}} {{outcome}}' }],
        },
      ],
    },
    {
      title: 'Time to first token',
      panels: [
        {
          title: 'Time to first token p50 / p95',
          unit: 's',
          width: 12,
          queries: [
            { expr: quantile(0.5, 'eloquent_chat_first_token_seconds', '', 'mode'), legend: 'p50 {{mode}}' },
            { expr: quantile(0.95, 'eloquent_chat_first_token_seconds', '', 'mode'), legend: 'p95 {{mode}}' },
          ],
        },
        {
          title: 'Answer duration p95',
          unit: 's',
          width: 12,
          queries: [{ expr: quantile(0.95, 'eloquent_chat_answer_duration_seconds', 'outcome="complete"', 'mode'), legend: '{{mode}}' }],
        },
      ],
    },
    {
      title: 'Breakers and degraded modes',
      panels: [
        breakerPanel(''),
        {
          title: 'Searches answered BM25-only',
          unit: 'reqps',
          queries: [{ expr: `sum by (reason) (rate(eloquent_retrieval_degraded_searches_total[${R}]))`, legend: '{{reason}}' }],
        },
        {
          title: 'Answers that fell back to retrieval-only',
          unit: 'reqps',
          queries: [{ expr: `sum by (code) (rate(eloquent_chat_generation_fallbacks_total[${R}]))`, legend: '{{code}}' }],
        },
      ],
    },
    {
      title: 'Alerts',
      panels: [
        {
          title: 'Alerts firing',
          width: 24,
          queries: [{ expr: 'sum by (alertname, severity) (ALERTS{alertstate="firing", alertname=~"Eloquent.*"})', legend: '{{alertname}} ({{severity}})' }],
        },
      ],
    },
  ],
};

const gateway: DashboardSpec = {
  uid: 'eloquent-gateway',
  title: 'Eloquent / Gateway',
  description: 'The public edge: HTTP, socket.io events, rate limits, and its calls to chat.',
  tags: ['gateway'],
  rows: [
    httpRow('gateway'),
    {
      title: 'Sockets',
      panels: [
        {
          title: 'Events by outcome',
          unit: 'reqps',
          queries: [{ expr: `sum by (event, outcome) (rate(eloquent_socket_events_total{service="gateway"}[${R}]))`, legend: '{{event}} {{outcome}}' }],
        },
        {
          title: 'Event latency p95',
          unit: 's',
          queries: [{ expr: quantile(0.95, 'eloquent_socket_event_duration_seconds', 'service="gateway"', 'event'), legend: '{{event}}' }],
        },
        {
          title: 'Connections and handshakes',
          queries: [
            { expr: 'sum(eloquent_socket_connections{service="gateway"})', legend: 'connected' },
            { expr: `sum by (outcome) (rate(eloquent_socket_handshakes_total{service="gateway"}[${R}]))`, legend: 'handshakes/s {{outcome}}' },
          ],
        },
      ],
    },
    {
      title: 'Rate limits',
      panels: [
        { title: 'Refused by tier', unit: 'reqps', queries: [{ expr: `sum by (tier) (rate(eloquent_gateway_rate_limited_total[${R}]))`, legend: '{{tier}}' }] },
        {
          title: 'Limiter failures (let through)',
          unit: 'reqps',
          queries: [{ expr: `sum(rate(eloquent_gateway_rate_limiter_failures_total[${R}]))`, legend: 'failures' }],
        },
      ],
    },
    busClientRow('gateway'),
    processRow('gateway'),
  ],
};

const chat: DashboardSpec = {
  uid: 'eloquent-chat',
  title: 'Eloquent / Chat',
  description: 'Conversations and answers: modes, outcomes, time to first token, abstentions and ratings, Claude, Postgres.',
  tags: ['chat'],
  rows: [
    {
      title: 'Answers',
      panels: [
        {
          title: 'Answers by mode and outcome',
          unit: 'reqps',
          queries: [{ expr: `sum by (mode, outcome) (rate(eloquent_chat_answers_total{service="chat"}[${R}]))`, legend: '{{mode}} {{outcome}}' }],
        },
        {
          title: 'Time to first token p50 / p95',
          unit: 's',
          queries: [
            { expr: quantile(0.5, 'eloquent_chat_first_token_seconds', 'service="chat"', 'mode'), legend: 'p50 {{mode}}' },
            { expr: quantile(0.95, 'eloquent_chat_first_token_seconds', 'service="chat"', 'mode'), legend: 'p95 {{mode}}' },
          ],
        },
        {
          title: 'Answer duration p95',
          unit: 's',
          queries: [{ expr: quantile(0.95, 'eloquent_chat_answer_duration_seconds', 'service="chat"', 'mode, outcome'), legend: '{{mode}} {{outcome}}' }],
        },
        {
          title: 'LLM tokens',
          queries: [
            { expr: `sum by (direction) (rate(eloquent_chat_tokens_total{service="chat"}[${R}]))`, legend: '{{direction}}/s' },
            { expr: quantile(0.95, 'eloquent_chat_answer_output_tokens', 'service="chat"', ''), legend: 'output tokens per answer p95' },
          ],
        },
        {
          title: 'Fallbacks to retrieval-only',
          unit: 'reqps',
          queries: [{ expr: `sum by (code) (rate(eloquent_chat_generation_fallbacks_total{service="chat"}[${R}]))`, legend: '{{code}}' }],
        },
        postgresPanel('chat'),
        {
          // The answer path's statements (libs/runtime preparedQuery): all connections busy shows here first.
          title: 'Wait for a Postgres connection',
          unit: 's',
          queries: [
            { expr: quantile(0.5, 'eloquent_postgres_pool_wait_seconds', 'service="chat"', ''), legend: 'p50' },
            { expr: quantile(0.99, 'eloquent_postgres_pool_wait_seconds', 'service="chat"', ''), legend: 'p99' },
          ],
        },
      ],
    },
    answerReviewRow(),
    dependencyRow('chat'),
    busHandlerRow('chat'),
    busClientRow('chat'),
    httpRow('chat'),
    processRow('chat'),
  ],
};

const retrieval: DashboardSpec = {
  uid: 'eloquent-retrieval',
  title: 'Eloquent / Retrieval',
  description: 'Hybrid search (legs, fusion, cache, degraded answers) and ingestion (BullMQ queue).',
  tags: ['retrieval'],
  rows: [
    {
      title: 'Search',
      panels: [
        {
          title: 'Search latency p95 by phase',
          unit: 's',
          queries: [{ expr: quantile(0.95, 'eloquent_retrieval_search_phase_seconds', 'service="retrieval"', 'phase'), legend: '{{phase}}' }],
        },
        {
          title: 'Cache hit ratio',
          unit: 'percentunit',
          min: 0,
          max: 1,
          queries: [
            {
              expr: `sum(rate(eloquent_retrieval_searches_total{service="retrieval", cache="hit"}[${R}])) / sum(rate(eloquent_retrieval_searches_total{service="retrieval"}[${R}]))`,
              legend: 'hit ratio',
            },
          ],
        },
        {
          title: 'Degraded (BM25-only) searches',
          unit: 'reqps',
          queries: [
            { expr: `sum by (reason) (rate(eloquent_retrieval_degraded_searches_total{service="retrieval"}[${R}]))`, legend: '{{reason}}' },
            { expr: `sum(rate(eloquent_retrieval_searches_total{service="retrieval"}[${R}]))`, legend: 'all searches' },
          ],
        },
        {
          title: 'Change notifications by replica',
          description:
            'Listening (1) or reconnecting (0) per replica, and reconnections; while a replica reconnects, changes reach its index by the fallback poll, up to 5 s late. No series with INDEX_NOTIFY=off (docs/retrieval.md, "Waking the followers").',
          queries: [
            { expr: 'min by (instance) (eloquent_retrieval_change_notifications_up{service="retrieval"})', legend: 'listening {{instance}}' },
            {
              expr: `sum by (instance) (increase(eloquent_retrieval_change_notifications_reconnects_total{service="retrieval"}[${R}]))`,
              legend: 'reconnections {{instance}}',
            },
          ],
        },
      ],
    },
    {
      title: 'Ingestion',
      panels: [
        {
          title: 'Queue jobs by state',
          queries: [{ expr: 'max by (queue, state) (eloquent_queue_jobs{service="retrieval"})', legend: '{{queue}} {{state}}' }],
        },
        {
          title: 'Job attempts by outcome',
          unit: 'ops',
          queries: [{ expr: `sum by (kind, outcome) (rate(eloquent_ingest_jobs_total{service="retrieval"}[${R}]))`, legend: '{{kind}} {{outcome}}' }],
        },
        postgresPanel('retrieval'),
      ],
    },
    busHandlerRow('retrieval'),
    busClientRow('retrieval'),
    dependencyRow('retrieval'),
    httpRow('retrieval'),
    processRow('retrieval'),
  ],
};

const embedding: DashboardSpec = {
  uid: 'eloquent-embedding',
  title: 'Eloquent / Embedding',
  description: 'Embedding tiers behind breakers, the embedding cache and micro-batching.',
  tags: ['embedding'],
  rows: [
    {
      title: 'Embeddings',
      panels: [
        {
          title: 'Texts by source',
          unit: 'ops',
          queries: [{ expr: `sum by (model, source) (rate(eloquent_embedding_texts_total{service="embedding"}[${R}]))`, legend: '{{model}} {{source}}' }],
        },
        {
          title: 'Cache hit ratio',
          unit: 'percentunit',
          min: 0,
          max: 1,
          queries: [
            {
              expr: `sum(rate(eloquent_embedding_texts_total{service="embedding", source="cache"}[${R}])) / sum(rate(eloquent_embedding_texts_total{service="embedding"}[${R}]))`,
              legend: 'hit ratio',
            },
          ],
        },
        {
          title: 'Batch size p50 / p95 by tier',
          queries: [
            { expr: quantile(0.5, 'eloquent_embedding_batch_size', 'service="embedding"', 'tier'), legend: 'p50 {{tier}}' },
            { expr: quantile(0.95, 'eloquent_embedding_batch_size', 'service="embedding"', 'tier'), legend: 'p95 {{tier}}' },
          ],
        },
        {
          title: 'Truncated texts and cache errors',
          unit: 'ops',
          queries: [
            { expr: `sum by (model) (rate(eloquent_embedding_truncated_total{service="embedding"}[${R}]))`, legend: 'truncated {{model}}' },
            { expr: `sum by (operation) (rate(eloquent_embedding_cache_errors_total{service="embedding"}[${R}]))`, legend: 'cache {{operation}} errors' },
          ],
        },
      ],
    },
    dependencyRow('embedding'),
    busHandlerRow('embedding'),
    httpRow('embedding'),
    processRow('embedding'),
  ],
};

/** File name (under observability/grafana/dashboards/) → dashboard. */
export const DASHBOARDS: Record<string, DashboardSpec> = {
  'overview.json': overview,
  'gateway.json': gateway,
  'chat.json': chat,
  'retrieval.json': retrieval,
  'embedding.json': embedding,
};
