"""The service's pages, one router per area: public, resident journey, calculator, staff."""
