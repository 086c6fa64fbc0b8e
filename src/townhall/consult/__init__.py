"""The consultation web service: councils consult, residents respond, officers analyse."""
