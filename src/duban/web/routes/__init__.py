"""One router per page family; views only do HTTP and call ``duban.work`` services."""
