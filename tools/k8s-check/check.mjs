// tools/k8s-check/check.mjs -- offline checks of deploy/k8s (make k8s-check).
//
//   node check.mjs --help-broker FILE --help-run FILE MANIFEST.yaml...
//
// 1. Every document validates against the Kubernetes API schema of its
//    apiVersion/kind (kubernetes-models 4.5.1: types, required fields,
//    enums, formats).  An unknown kind is an error.  (These validators do
//    not reject unknown fields, so a misspelt optional field would pass.)
// 2. What the schemas cannot know:
//    - a Deployment's selector matches its pod template's labels;
//    - every volumeMount names a volume of the pod, every
//      persistentVolumeClaim a claim defined here;
//    - every Service selects a pod template defined here, and its named
//      targetPorts are ports of that pod's containers;
//    - every NEWSWORKER_* variable a container sets is one its command
//      (`newsworker broker` / `newsworker run`) accepts, as its --help
//      lists them; a container of the newsworker image runs one of those;
//    - kustomization.yaml lists files that exist, and every manifest here.
// Prints one line per check and ends with "N passed, N failed".
import { readFileSync, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const helpText = {};
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--help-broker") helpText.broker = readFileSync(args[++i], "utf8");
  else if (args[i] === "--help-run") helpText.run = readFileSync(args[++i], "utf8");
  else files.push(args[i]);
}
if (!helpText.broker || !helpText.run || files.length === 0) {
  console.error("usage: node check.mjs --help-broker FILE --help-run FILE MANIFEST.yaml...");
  process.exit(2);
}
const accepted = {};
for (const [cmd, text] of Object.entries(helpText))
  accepted[cmd] = new Set(text.match(/NEWSWORKER_[A-Z0-9_]+/g) || []);

let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

// apiVersion -> module of kubernetes-models
function modulePath(apiVersion) {
  return apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : `kubernetes-models/v1`;
}

const docs = [];   // {file, obj}
for (const f of files) {
  const text = readFileSync(f, "utf8");
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length) {
      check(false, `${f}: YAML: ${d.errors[0].message}`);
      continue;
    }
    const obj = d.toJS();
    if (obj) docs.push({ file: f, obj });
  }
}

// kustomization files are not API objects
const manifests = docs.filter((d) => d.obj.kind !== "Kustomization");
for (const { file, obj } of manifests) {
  const name = `${basename(file)}: ${obj.kind} ${obj.metadata && obj.metadata.name}`;
  let Model;
  try {
    Model = (await import(modulePath(obj.apiVersion)))[obj.kind];
  } catch (e) {
    Model = undefined;
  }
  if (!Model) {
    check(false, `${name}: no schema for ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  try {
    new Model(obj).validate();
    check(true, `${name}: valid ${obj.apiVersion} ${obj.kind}`);
  } catch (e) {
    check(false, `${name}: ${e.message}`);
  }
}

const byKind = (k) => manifests.filter((d) => d.obj.kind === k).map((d) => d.obj);
const claims = new Set(byKind("PersistentVolumeClaim").map((o) => o.metadata.name));
const templates = [];   // {owner, labels, spec}
for (const dep of [...byKind("Deployment"), ...byKind("StatefulSet")]) {
  const name = `${dep.kind} ${dep.metadata.name}`;
  const sel = (dep.spec.selector && dep.spec.selector.matchLabels) || {};
  const labels = (dep.spec.template.metadata && dep.spec.template.metadata.labels) || {};
  check(Object.keys(sel).length > 0 &&
          Object.entries(sel).every(([k, v]) => labels[k] === v),
        `${name}: selector matches the pod template's labels`);
  const pod = dep.spec.template.spec;
  templates.push({ owner: name, labels, pod });
  const vols = new Set((pod.volumes || []).map((v) => v.name));
  for (const v of pod.volumes || [])
    if (v.persistentVolumeClaim)
      check(claims.has(v.persistentVolumeClaim.claimName),
            `${name}: volume ${v.name} claims ${v.persistentVolumeClaim.claimName}, defined here`);
  for (const c of pod.containers) {
    for (const m of c.volumeMounts || [])
      check(vols.has(m.name), `${name}/${c.name}: mount ${m.mountPath} names volume ${m.name} of the pod`);
    if (!/^newsworker(:|$)/.test(c.image || "")) continue;
    const cmd = (c.args || [])[0];
    check(cmd in accepted, `${name}/${c.name}: runs newsworker ${cmd} (broker or run)`);
    if (!(cmd in accepted)) continue;
    for (const e of c.env || [])
      if (e.name.startsWith("NEWSWORKER_"))
        check(accepted[cmd].has(e.name),
              `${name}/${c.name}: ${e.name} is an option of newsworker ${cmd}`);
  }
}

for (const svc of byKind("Service")) {
  const name = `Service ${svc.metadata.name}`;
  const sel = svc.spec.selector || {};
  const t = templates.find((tp) =>
    Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => tp.labels[k] === v));
  check(Boolean(t), `${name}: selects a pod template defined here`);
  if (!t) continue;
  const portNames = new Set(t.pod.containers.flatMap((c) => (c.ports || []).map((p) => p.name)));
  for (const p of svc.spec.ports || [])
    if (typeof p.targetPort === "string")
      check(portNames.has(p.targetPort), `${name}: targetPort ${p.targetPort} is a port of ${t.owner}`);
}

for (const { file, obj } of docs.filter((d) => d.obj.kind === "Kustomization")) {
  const dir = dirname(file);
  const listed = new Set(obj.resources || []);
  for (const r of listed)
    check(existsSync(join(dir, r)), `${basename(file)}: resource ${r} exists`);
  for (const f of files)
    if (dirname(f) === dir && basename(f) !== basename(file))
      check(listed.has(basename(f)), `${basename(file)}: lists ${basename(f)}`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
