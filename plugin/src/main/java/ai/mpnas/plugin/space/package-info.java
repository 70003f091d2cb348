/**
 * Search spaces and architectures as versioned JSON data ({@code mpnas/search-space@1}, {@code
 * mpnas/architecture@1}), the presets, validation with file/path/allowed-value errors, and the
 * batch-independent layer geometry of an architecture.
 */
package ai.mpnas.plugin.space;
