/**
 * Turns an app folder's JS/TS files into a validated ES module graph that GraalJS loads through a
 * confined, read-only file system.
 *
 * <p>Flow: {@link io.w7s.host.module.ModuleGraph#load} walks the static imports from the entry,
 * {@link io.w7s.host.module.TypeScriptCompiler} turns each file into ESM JavaScript (TS and JSX are
 * transpiled, JSX as the app's tsconfig.json says ({@link io.w7s.host.module.TsConfig}); JS is only
 * parsed; results kept by content hash, on disk in {@link io.w7s.host.module.CompileCache} across
 * restarts), {@link io.w7s.host.module.ModuleResolver} confines every import to the app folder and
 * finds packages through {@link io.w7s.host.module.PackageResolver} (package.json exports, main,
 * browser field), {@link io.w7s.host.module.StandInModules} stands in for what no file provides,
 * {@link io.w7s.host.module.PackageBundler} combines each large ES-module package into few modules, and
 * the finished graph is served to GraalJS by {@link io.w7s.host.module.GraphFileSystem}, which
 * never touches the disk again. Everything is decided at deploy time; nothing is compiled while serving.
 */
package io.w7s.host.module;
