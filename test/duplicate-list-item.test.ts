import { describe, expect, it } from 'vitest';
import { prdDoc } from '../src/rules/example-docs.js';
import { lintTexts, realDocsDir, sotJson } from './helpers/lint.js';

/**
 * duplicate-list-item says only what is true (issue 23): two items are duplicates when they say
 * the same thing — equal after folding, or one wholly inside the other with the same polarity —
 * compared as whole items (nested lists included), never by a path or identifier prefix; the
 * message says what to do.
 */
const dups = (body: string) =>
  lintTexts({ 'DUP-PRD.md': prdDoc(`## Scope\n\n${body}`) })
    .results[0]!.messages.filter((m) => m.ruleId === 'duplicate-list-item')
    .map((m) => `${m.line - 17} ${m.message}`);

describe('duplicate-list-item', () => {
  it('a negation is not a repeat (the issue\'s two examples, and other negators)', () => {
    expect(dups('- Underscore and/or dot (expect validation to pass)\n- No Underscore and/or dot (expect validation to pass)\n')).toEqual([]);
    expect(dups('- Do not emphasize line headings\n- Emphasize line headings\n')).toEqual([]);
    expect(dups("- Don't cache the endpoint value\n- Cache the endpoint value\n")).toEqual([]);
    expect(dups('- Run the probe without the fallback lane\n- Run the probe\n')).toEqual([]);
    expect(dups('- Never store the endpoint value\n- Store the endpoint value\n')).toEqual([]);
  });

  it('the same polarity is a repeat: "Require no X" says what "No X" says (the real document, SPEC §6)', () => {
    expect(dups('- Require no Target Repository path exposure.\n- No Target Repository path exposure.\n')).toEqual(['2 this list item is wholly contained in the item at line 18; merge it into that item']);
    expect(dups('- No Target Repository path exposure.\n- Require no Target Repository path exposure.\n')).toEqual(['2 this list item wholly contains the item at line 18; merge that item into this one']);
    expect(dups('- Ensure the lane stays fake by default\n- The lane stays fake by default\n')).toEqual(['2 this list item is wholly contained in the item at line 18; merge it into that item']);
  });

  it('an item that says more is not a repeat of the shorter one', () => {
    expect(dups('- Should update a cronjob\n- Should update a cronjob status\n')).toEqual([]);
    expect(dups('- pod -> pod\n- hostNetwork pod -> pod\n- pod -> hostNetwork pod\n')).toEqual([]);
    expect(dups('- [Automatic Cluster Creation](#automatic-cluster-creation)\n- [Automatic Cluster Creation with EBS volumes](#automatic-cluster-creation-with-ebs-volumes)\n')).toEqual([]);
  });

  it('never by a path or identifier prefix', () => {
    expect(dups('- `k8s.io/kubelet`\n- `k8s.io/kubelet/container`\n- `k8s.io/kubelet/prober`\n')).toEqual([]);
    expect(dups('- Update the `k8s.io/kubelet` package tests\n- Update the `k8s.io/kubelet/container` package tests\n')).toEqual([]);
    expect(dups('- Set `cfg_attr(predicate, attr)` here\n- Set `cfg_attr(predicate, attr,)` here\n')).toEqual([]);
    expect(dups('- `>` operator.\n- `<` operator.\n- `<=` operator.\n')).toEqual([]);
    expect(dups('- Set `MAX_TOKENS` in the run\n- Set `MAX_TOKENS_PER_CASE` in the run\n')).toEqual([]);
  });

  it('compared as whole items: the same first line with different nested items is not a repeat', () => {
    expect(dups('- [x] Feature gate\n  - Feature gate name: `ServiceAccountTokenJTI`\n  - Components depending on the feature gate: kube-apiserver\n- [x] Feature gate\n  - Feature gate name: `ServiceAccountTokenPodNodeInfo`\n  - Components depending on the feature gate: kube-apiserver\n')).toEqual([]);
    // … and the nested items of each are not repeats of each other either (records of one list).
    expect(dups('- [x] Metrics\n  - Metric name: `a_total`\n  - Components exposing the metric: `kube-apiserver`\n  - Metric name: `b_total`\n  - Components exposing the metric: `kube-apiserver`\n')).toEqual([]);
    // The same parent with the same children is a repeat.
    expect(dups('- [x] Feature gate\n  - Feature gate name: `A`\n- [x] Feature gate\n  - Feature gate name: `A`\n')).toEqual(['3 this list item repeats the item at line 18; remove one of the two']);
  });

  it('steps of a procedure may be done again: numbered lists, action -> outcome steps, and lists that go back', () => {
    expect(dups('1. Upgrade to 1.35.\n2. Downgrade to 1.34.\n3. Upgrade to 1.35.\n')).toEqual([]);
    expect(dups('* Try to add the removed value back -> fail\n* Remove the last value -> OK\n* Try to add the removed value back -> fail\n')).toEqual([]);
    expect(dups('- Start with version 1.27\n- Re-start with version 1.26\n- Start with version 1.27\n')).toEqual([]);
    expect(dups('* Apply constraint type inference.\n* Apply function type inference.\n* Apply constraint type inference again.\n* Apply defaults.\n* Apply constraint type inference again.\n')).toEqual([]);
  });

  it('a true repeat is still reported, with what to do', () => {
    expect(dups('- Keep fake as the default lane.\n- Other.\n- keep FAKE as the default lane\n')).toEqual(['3 this list item repeats the item at line 18; remove one of the two']);
    expect(dups('* Bad, because "small" MADRs with the list of options\n* Bad, because "small" MADRs with the list of options\n')).toEqual(['2 this list item repeats the item at line 18; remove one of the two']);
    expect(dups('* Lifetimes\n* Where clauses\n* impl Trait in argument position\n* Lifetimes\n* Where clauses\n')).toEqual([
      '4 this list item repeats the item at line 18; remove one of the two',
      '5 this list item repeats the item at line 19; remove one of the two',
    ]);
  });

  it('the real documents: the one true finding stays (CTO-CASE-LOCAL-PROVIDER-ROUTE-PRD.md:36)', () => {
    const r = sotJson([realDocsDir]);
    const found = r.results.flatMap((x) => x.messages.filter((m) => m.ruleId === 'duplicate-list-item').map((m) => `${x.filePath.slice(x.filePath.lastIndexOf('/') + 1)}:${m.line} ${m.message}`));
    expect(found).toEqual(['CTO-CASE-LOCAL-PROVIDER-ROUTE-PRD.md:36 this list item is wholly contained in the item at line 35; merge it into that item']);
  });
});
