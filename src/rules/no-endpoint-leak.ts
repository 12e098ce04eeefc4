import type { DocumentRule } from '../lint/types.js';
import { quote } from '../lint/quote.js';
import type { LeakClassId, LeakPolicy } from '../leaks/policy.js';
import type { LeakFinding } from '../leaks/detect.js';
import { findDocumentLeaks } from '../leaks/markdown.js';
import { knownValuesFor, LEAK_RULE_ID, pathLeaks, policyFor, rememberFindings } from '../leaks/redact.js';

// An address of the shape the rule exists for, written in its examples only.
const LEAK = 'http://100.101.102.103:8000/v1';

/** "URL with a Tailscale IPv4 host", "endpoint setting `X_BASE_URL` with a single-label host name", … */
function subject(f: LeakFinding, policy: LeakPolicy): string {
  const name = f.name ? quote(f.name, 64) : undefined;
  switch (f.classId) {
    case 'endpoint-assignment':
      return f.what.replace(/^endpoint setting/, `endpoint setting${name ? ` ${name}` : ''}`);
    case 'credential':
      return name && f.what === 'credential value' ? `credential in ${name}` : `credential (${f.what})`;
    default:
      return f.what || policy.classes[f.classId].title;
  }
}

/**
 * The whole message: what, where (documents), how it was written, and what to do. Never any part
 * of the value, nor its length.
 */
export function leakMessage(f: LeakFinding & { context?: string; split?: boolean }, policy: LeakPolicy): string {
  const how = f.split ? ' (split across inline formatting)' : f.obfuscated ? ' (written encoded, escaped or defanged)' : '';
  const advice = f.publicHost && !f.credential ? policy.publicHostAdvice : policy.classes[f.credential ? 'credential' : f.classId].advice;
  const more = f.moreOnLine ? ' More values on this line are not listed: fix these and run again.' : '';
  return `${subject(f, policy)}${f.context ? ` in ${f.context}` : ''}${how}; value withheld — ${advice}${more}`;
}

/** A value in a folder or file name (`pathLeaks`): which component holds it, never its text (`sot lint` and `sot scan`). */
export function pathLeakMessage(leak: { component: number; components: number; finding: LeakFinding }, policy: LeakPolicy): string {
  const { component, components, finding } = leak;
  const file = component === components - 1;
  const where = file ? 'the file name' : `a folder name (path component ${component + 1} of ${components})`;
  return `${leakMessage({ ...finding, context: where }, policy)}; rename the ${file ? 'file' : 'folder'}`;
}

export const noEndpointLeak: DocumentRule = {
  meta: {
    id: LEAK_RULE_ID,
    scope: 'document',
    description: 'No endpoint, address, SSH target or credential value anywhere in the file; the message never repeats it',
    defaultSeverity: 'error',
    tags: ['security', 'leaks'],
    suppression: 'next-line-only',
    // Its messages name the kind of value, never the value: nothing for the engine to redact.
    redaction: 'own',
    docs: [
      'The value of `CTO_HARNESS_CASE_LOCAL_BASE_URL`, and any other endpoint or credential, must never be written down: write `missing`, `present` or `<redacted>` instead.',
      'Every byte is scanned — prose, inline and fenced code, HTML comments, link and image destinations and titles, reference definitions, autolinks, tables, frontmatter values — after undoing HTML entities, backslash escapes, one round of percent-encoding, Unicode look-alikes and invisible characters, and defanging (`hxxp`, `[.]`); a value split across code spans or emphasis is found too.',
      'Reported: URLs with any scheme (public hosts unless listed in `leaks.allowedHosts`), `host:port` for IPs, `localhost`, single-label and private names, IPv4/IPv6 addresses and network ranges (Tailscale, RFC 1918, public…), Tailscale MagicDNS names, `user@host` SSH targets, endpoint settings (`*_URL=`, `*_HOST:`, `--base-url`) with a real value, and credentials (`Bearer …`, `*_API_KEY=…`, `*_TOKEN=…`, known token prefixes, URL passwords, private keys).',
      'Never reported: documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20), `example.com`/`.test`/`.example`/`.invalid`, the Tailscale ranges themselves and its resolver 100.100.100.100, placeholders (`<host>`, `${HOST}`, `{{host}}`, `$HOST`, `HOST:PORT`, `user@host`), status words, versions (`v1.2.3.4`, `version 1.2.3.4`, `==1.2.3.4`, `jdk8u345-b01, 11.0.16.0 and later`), image and package tags (`k8s.gcr.io/etcd:3.3.10.1`, `image: eventlogger:2019`, `pkg@version`), OIDs, netmasks, dates and times, metrics (`P50:1130`), `file.md:120`, file paths, paths of programming languages (`Option<&C1::E>`, `f1::<u32>()`), `@` in handles, decorators, rustdoc links, sed expressions and compiler names (`r@golang`, `[type@foo]`, `s@a@b@g`, `{closure@src/lib.rs:3:24}`), settings whose value is no endpoint (`url = "1.0.0"`, `url: "#"`, `no-script-url: "error"`, `curr_addr = attempt;`, `hostname: web`), Unix sockets (`unix:/csi/csi.sock`, `http://unix:/run/x.sock`; `hosts.unixSockets: true` reports them), bare `localhost`/`127.0.0.1`, `0.0.0.0`, and a bare public domain in prose. Cluster-internal names (`*.svc`, `*.cluster.local`, `kubernetes.default`) are internal names: reported with a port, a scheme or as a setting\'s value, never as public hosts. The precision of each class is measured on a corpus of other projects\' documents (docs/leaks.md).',
      'The message names the kind of value and where it is; the position finds it. A finding can be suppressed only with `<!-- sot-disable-next-line no-endpoint-leak -- reason -->` on the line before (an unused one is an error); credentials cannot be suppressed at all. Whatever you do, rotate a value that was real: git history keeps it. The detection lists are data in `rules/leak-patterns.yaml`.',
    ].join('\n\n'),
  },
  examples: {
    ok: [
      {
        name: 'status words and placeholders',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- \`CTO_HARNESS_CASE_LOCAL_BASE_URL=missing\` before the run.
- Set \`CTO_HARNESS_CASE_LOCAL_BASE_URL=<redacted>\` or \`http://HOST:PORT/v1\`.
- Serve on \`0.0.0.0:8000\`; probe \`localhost\` and \`127.0.0.1\`.
`,
      },
      {
        name: 'documentation ranges and reserved names',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- Example: \`http://192.0.2.10:8000/v1\` and <https://api.example.com/v1>.
- Tailscale assigns addresses from 100.64.0.0/10 and fd7a:115c:a1e0::/48.
`,
      },
      {
        name: 'versions, references and times',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- Upgrade to version 1.2.3.4 (see \`README.md:120\`) at 12:30:45.
- Model \`qwen2.5:7b\`, commit \`6c453ee\`, ratio 16:9.
`,
      },
      {
        name: 'code, versions, tags, metrics and handles of other projects',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- \`fn pick(&self) -> Option<&C1::E>\` and \`f1::<u32>()\`; Java \`jdk8u345-b01, 11.0.16.0, 17.0.4.0 and later\`.
- Image \`k8s.gcr.io/etcd:3.3.10.1\`, \`image: eventlogger:2019\`; latency P50:1130 P90:1619.
- r@golang suggests \`[type@foo]\` links; \`sed -i s@a@b@g\`; \`url = "1.0.0"\`; \`/*eslint no-script-url: "error"*/\`.
- The CSI driver listens on \`--endpoint=unix:/csi/csi.sock\`.
`,
      },
      {
        name: 'suppressed with a reason on the line before',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

<!-- sot-disable-next-line no-endpoint-leak -- the public status page is meant to be cited -->
- See https://status.acme.io for outages.
`,
      },
    ],
    notOk: [
      {
        name: 'the runtime endpoint in inline code',
        path: 'EXAMPLE-ISSUES.md',
        text: `---
title: Example Issues
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example Issues

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## CTO-WORK-030 - Endpoint

Status: blocked.

Acceptance:

- Probe \`http://100.101.102.103:8000/v1\` answered.
`,
        errors: [
          '22:10-22:10 URL with a Tailscale IPv4 host in inline code in a list item (CTO-WORK-030); value withheld — replace it with a status word (`present`, `missing`) or `<redacted>`, and rotate the endpoint if it was real — git history still holds it',
        ],
      },
      {
        name: 'in a link destination',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- See [the server](http://100.101.102.103:8000/v1).
`,
        errors: [
          '18:20-18:20 URL with a Tailscale IPv4 host in a link destination in a list item; value withheld — replace it with a status word (`present`, `missing`) or `<redacted>`, and rotate the endpoint if it was real — git history still holds it',
        ],
      },
      {
        name: 'an address in prose',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

Fallback box 1.2.3.4 answered.
`,
        errors: [
          '18:14-18:14 public IPv4 address in a paragraph; value withheld — replace it with a status word or `<redacted>` (examples may use 192.0.2.0/24 or 2001:db8::/32), and rotate it if it was real — git history still holds it',
        ],
      },
      {
        name: 'in an HTML comment and in frontmatter',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
base_url: http://10.0.0.5:8000
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

<!-- old host spark1:8000 -->
`,
        errors: [
          '10:11-10:11 endpoint setting `base_url` with a URL with a private-network IPv4 (RFC 1918) host in the frontmatter value of `base_url`; value withheld — write a status word instead (`NAME=missing`, `NAME=present`) or `<redacted>`; the value belongs in the runtime environment only',
          '19:15-19:15 single-label host name with a port in an HTML comment; value withheld — replace it with a status word (`present`, `missing`) or `<redacted>`, and rotate the endpoint if it was real — git history still holds it',
        ],
      },
      {
        name: 'split across code spans',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- Host \`100.101\`.\`102.103\` and **spark1**:8000 were used.
`,
        errors: [
          '18:9-18:9 Tailscale IPv4 address in inline code in a list item (split across inline formatting); value withheld — replace it with a status word or `<redacted>` (examples may use 192.0.2.0/24 or 2001:db8::/32), and rotate it if it was real — git history still holds it',
          '18:34-18:34 single-label host name with a port in emphasised text in a list item (split across inline formatting); value withheld — replace it with a status word (`present`, `missing`) or `<redacted>`, and rotate the endpoint if it was real — git history still holds it',
        ],
      },
      {
        name: 'defanged',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- hxxp://100[.]101[.]102[.]103:8000/v1
`,
        errors: [
          '18:3-18:3 URL with a Tailscale IPv4 host in a list item (written encoded, escaped or defanged); value withheld — replace it with a status word (`present`, `missing`) or `<redacted>`, and rotate the endpoint if it was real — git history still holds it',
        ],
      },
      {
        name: 'an endpoint setting',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- \`CTO_HARNESS_CASE_LOCAL_BASE_URL=spark1\`
`,
        errors: [
          '18:36-18:36 endpoint setting `CTO_HARNESS_CASE_LOCAL_BASE_URL` with a single-label host name in inline code in a list item; value withheld — write a status word instead (`NAME=missing`, `NAME=present`) or `<redacted>`; the value belongs in the runtime environment only',
        ],
      },
      {
        name: 'a credential',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- \`Authorization: Bearer 9f8e7d6c5b4a39281706\`
`,
        errors: [
          '18:26-18:26 credential (bearer token) in inline code in a list item; value withheld — delete it and revoke it now — git history still holds it; credentials cannot be suppressed',
        ],
      },
      {
        name: 'a cluster-internal name is internal, not public',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

- The probe calls \`https://spark-api.ml.svc.cluster.local:8443/v1\`.
`,
        errors: [
          '18:20-18:20 URL with a cluster-internal name in inline code in a list item; value withheld — replace it with a status word (`present`, `missing`) or `<redacted>`, and rotate the endpoint if it was real — git history still holds it',
        ],
      },
      {
        name: 'a block directive cannot hide it',
        path: 'EXAMPLE-PRD.md',
        text: `---
title: Example PRD
status: draft
lifecycle_classification: sot
owner: jp
created: 2026-05-31
last_reviewed: 2026-06-01
core_promotion_status: not-promoted
route: cto
---

# Example PRD

Local planning SOT only. Not a Core Protocol. Not active Core authority.

## Scope

<!-- sot-disable no-endpoint-leak -- not allowed -->
- spark1.tail1234.ts.net
`,
        errors: [
          '19:3-19:3 Tailscale MagicDNS name in a list item; value withheld — replace it with `<redacted>`; it names a machine on the tailnet — git history still holds it',
        ],
      },
    ],
  },
  check({ doc, tree, config, report }) {
    const policy = policyFor(config);
    // File and folder names are scanned too: a value in a path is reported at 1:1, naming the
    // component (never its text); every output prints the path with the value withheld.
    for (const [n, leak] of pathLeaks(doc.path, config).entries()) {
      report({
        range: { start: 0, end: 0 },
        message: pathLeakMessage(leak, policy),
        key: `path:${leak.finding.classId}#${n}`,
        unsuppressible: true,
      });
    }
    const findings = findDocumentLeaks(doc, tree, policy, knownValuesFor(config, policy));
    rememberFindings(doc.text, policy, findings);
    const counts = new Map<LeakClassId, number>();
    for (const f of findings) {
      const n = counts.get(f.classId) ?? 0;
      counts.set(f.classId, n + 1);
      report({
        // Zero width: a range over the value would tell its length.
        range: { start: f.start, end: f.start },
        message: leakMessage(f, policy),
        key: `${f.classId}#${n}`,
        unsuppressible: f.credential,
      });
    }
  },
};
