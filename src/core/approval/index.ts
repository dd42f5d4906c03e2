/**
 * The pure core of online qualification approval (资质认定网上审批, requirements §7): application types and
 * paths, the materials catalogue and reuse, the workflow state machine, working-day deadlines, commitment
 * exclusions, joint review and the public progress view. No I/O: runs in the server, the CLI and a browser.
 */
export * from "./application.ts";
export * from "./calendar.ts";
export * from "./config.ts";
export * from "./deadlines.ts";
export * from "./errors.ts";
export * from "./exclusions.ts";
export * from "./joint-review.ts";
export * from "./materials.ts";
export * from "./public-view.ts";
export * from "./workflow.ts";
