/**
 * Replaying recorded history into series: the {@code #sli-events 1} CSV reader, streaming, with errors
 * that name the file, line and field.
 */
package dev.sli.store.replay;
