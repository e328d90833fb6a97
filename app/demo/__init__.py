"""Demo content for trying Primer out, and `flask demo seed`: staff accounts (`cli`), the demo
courses (`courses`), the default scoring model and demo prospects (`content`)."""
