"""The supervisor's review (duyệt): the queue of submitted visits and the review of one visit."""
