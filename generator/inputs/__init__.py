"""Load -> validate -> resolve: contributor files read, checked and resolved into the story
model, with every problem located; also the skeleton of a new briefing and the synthetic corpus."""
