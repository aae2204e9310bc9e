"""Send to a friend: a video passed on by email, with a note, without becoming an open relay."""
