"""The loop that drives the stages: the table of outputs, the full run and the watch mode's
incremental runs, and the live preview."""
