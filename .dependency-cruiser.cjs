/**
 * The layers of ../shared/DESIGN.md "Layers", checked by `npm run lint:deps` in the test command.
 * Lower layers never import higher ones:
 *   lib/model → lib/genesys → lib/sim → lib/store → lib/config → lib/server → domains → app/, cli/
 * Domains (lib/reports, lib/live, lib/alerts, lib/auth, lib/export, lib/teaching, lib/traces,
 * lib/doctor) may use each other, but no folder may import one that imports it back.
 */
const LAYERS = [
  ["model", "^lib/model/"],
  ["genesys", "^lib/genesys/"],
  ["sim", "^lib/sim/"],
  ["store", "^lib/store/"],
  ["config", "^lib/config/"],
  ["server", "^lib/server/"],
  ["domain", "^lib/(reports|live|alerts|auth|export|teaching|traces|doctor)/"],
  ["entry", "^(app|cli|bench)/|^proxy\\.ts$|^instrumentation\\.ts$"],
];

/** Every layer may import only layers below it (and itself). */
const upward = LAYERS.flatMap(([name, path], rank) => {
  const higher = LAYERS.slice(rank + 1).map(([, p]) => p);
  if (higher.length === 0) return [];
  return [
    {
      name: `${name}-not-upward`,
      comment: `lib/${name} is below ${LAYERS.slice(rank + 1)
        .map(([n]) => n)
        .join(", ")}: it must not import them (DESIGN.md "Layers")`,
      severity: "error",
      from: { path },
      to: { path: higher.join("|") },
    },
  ];
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: "lib-folder-is-a-layer",
      comment: "every folder under lib/ is one of the layers of DESIGN.md",
      severity: "error",
      from: { path: "^lib/(?!(model|genesys|sim|store|config|server|reports|live|alerts|auth|export|teaching|traces|doctor)/)" },
      to: {},
    },
    {
      name: "no-folder-cycles",
      comment: "no folder imports another folder that imports it back",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    {
      name: "no-circular",
      comment: "no module cycles",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "tests-not-imported",
      severity: "error",
      from: { pathNot: "^(tests|e2e|bench)/" },
      to: { path: "^(tests|e2e)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|\\.data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
